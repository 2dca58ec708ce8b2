using System.Diagnostics;
using System.Net;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Api.Tests;

public sealed class RevocationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_stop_a_revoked_key_on_every_api_process_within_a_second()
    {
        var other = api.StartAnotherHost();
        using var otherHttp = other.CreateClient();
        var listener = other.Services.GetRequiredService<ApiKeyRevocationListener>();
        await Eventually.GetAsync(() => Task.FromResult(listener.IsListening), listening => listening, "the other host's revocation feed", TimeSpan.FromSeconds(10));
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", new { name = "leaked" });
        var onOther = new ApiClient(otherHttp, created.Json.Str("apiKey"));
        // Used on the other process first, so that process has it cached as valid.
        Assert.Equal(HttpStatusCode.OK, (await onOther.GetAsync("/v1/instances")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Api.DeleteAsync($"/v1/api-keys/{created.Json.Id()}")).Status);
        var clock = Stopwatch.StartNew();
        while ((await onOther.GetAsync("/v1/instances")).Status == HttpStatusCode.OK)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "the revoked key still worked on the other API process after 1 s");
            await Task.Delay(25);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await onOther.GetAsync("/v1/instances")).Status);
    }
}
