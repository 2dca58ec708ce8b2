extern alias migrations;

using System.Net;
using ControlPlane.Api.Tests.Infrastructure;
using migrations::ControlPlane.Migrations;

namespace ControlPlane.Api.Tests;

public sealed class BootstrapKeyOffTests(NoBootstrapFixture api) : IClassFixture<NoBootstrapFixture>
{
    [Fact]
    public async Task Should_refuse_the_bootstrap_key_when_turned_off_while_a_migrator_made_support_key_works()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (id, secret) = await SupportKeyCommand.CreateAsync(api.ConnectionString, "Erin", null, timeout.Token);
        var erin = new ApiClient(api.Http, secret);

        var bootstrap = await api.Support.PostAsync("/v1/organizations", new { name = "by-bootstrap" });
        var named = await erin.PostAsync("/v1/organizations", new { name = "by-erin" });

        Assert.Equal(HttpStatusCode.Unauthorized, bootstrap.Status);
        Assert.Equal(HttpStatusCode.Created, named.Status);
        var entry = Assert.Single((await erin.GetAsync($"/v1/audit?organizationId={named.Json.Id()}&action=organization.create")).Json["items"]!.AsArray())!;
        Assert.Equal(("Erin", id), (entry.Str("actorName"), entry["actorKeyId"]!.GetValue<Guid>()));
    }
}
