using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>GET /v1/api-keys/{id}: where a new key's Location points, visible as for revoking, never the secret.</summary>
public sealed class ApiKeyReadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_read_a_new_key_at_its_location_without_its_secret()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", new { name = "deploy" });

        var read = await tenant.Api.GetAsync(created.Location!);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal((created.Json.Id(), "deploy", "member", tenant.Id),
            (read.Json.Id(), read.Json.Str("name"), read.Json.Str("role"), read.Json["organizationId"]!.GetValue<Guid>()));
        Assert.Null(read.Json["apiKey"]);
        Assert.DoesNotContain(created.Json.Str("apiKey"), read.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_404_for_another_organisations_key_and_for_a_revoked_one()
    {
        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();
        var extra = (await a.Api.PostAsync($"/v1/organizations/{a.Id}/api-keys", new { name = "ci" })).Json.Id();

        var fromB = await b.Api.GetAsync($"/v1/api-keys/{a.KeyId}");
        Assert.Equal(HttpStatusCode.NoContent, (await a.Api.DeleteAsync($"/v1/api-keys/{extra}")).Status);
        var revoked = await a.Api.GetAsync($"/v1/api-keys/{extra}");

        Assert.Equal(HttpStatusCode.NotFound, fromB.Status);
        Assert.Equal(HttpStatusCode.NotFound, revoked.Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Support.GetAsync($"/v1/api-keys/{a.KeyId}")).Status);
    }

    [Fact]
    public async Task Should_show_a_support_key_to_support_only()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await api.Support.PostAsync("/v1/support-keys", new { name = "Alice Example" });

        var asSupport = await api.Support.GetAsync(created.Location!);
        var asMember = await tenant.Api.GetAsync(created.Location!);

        Assert.Equal(HttpStatusCode.OK, asSupport.Status);
        Assert.Equal(("Alice Example", "support"), (asSupport.Json.Str("name"), asSupport.Json.Str("role")));
        Assert.Null(asSupport.Json["organizationId"]);
        Assert.Equal(HttpStatusCode.NotFound, asMember.Status);
    }
}
