using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

public sealed class RateLimitTests(TinyRateLimitFixture api) : IClassFixture<TinyRateLimitFixture>
{
    [Fact]
    public async Task Should_answer_429_with_retry_after_past_the_burst_for_that_key_only()
    {
        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();

        for (var i = 0; i < TinyRateLimitFixture.Burst; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await a.Api.GetAsync("/v1/instances")).Status);
        }

        var limited = await a.Api.GetAsync("/v1/instances");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.Status);
        Assert.Equal("application/problem+json", limited.ContentType);
        Assert.Equal(429, limited.Json["status"]!.GetValue<int>());
        var retryAfter = limited.Message.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After {retryAfter}");
        Assert.Equal(HttpStatusCode.OK, (await b.Api.GetAsync("/v1/instances")).Status);
    }
}
