using System.Net;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Api.Tests;

public sealed class FailedAuthenticationTests(StrictAuthFixture api) : IClassFixture<StrictAuthFixture>
{
    [Fact]
    public async Task Should_answer_429_with_retry_after_to_an_address_that_keeps_sending_unknown_keys()
    {
        var guesser = IPAddress.Parse("192.0.2.10");
        var tenant = await api.CreateTenantAsync();
        for (var i = 0; i < StrictAuthFixture.FailedBurst; i++)
        {
            Assert.Equal(StatusCodes.Status401Unauthorized, (await GetFromAsync(guesser, RandomKey())).Response.StatusCode);
        }

        var limited = await GetFromAsync(guesser, RandomKey());

        Assert.Equal(StatusCodes.Status429TooManyRequests, limited.Response.StatusCode);
        Assert.Equal("application/problem+json", limited.Response.ContentType);
        Assert.True(int.Parse(limited.Response.Headers.RetryAfter!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        // Other clients are unaffected, and a working key from this address still works once it is cached.
        Assert.Equal(StatusCodes.Status401Unauthorized, (await GetFromAsync(IPAddress.Parse("192.0.2.11"), RandomKey())).Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, (await GetFromAsync(IPAddress.Parse("192.0.2.12"), tenant.Api.Key!)).Response.StatusCode);
    }

    [Fact]
    public async Task Should_remember_no_more_unknown_keys_than_configured()
    {
        var cache = api.Factory.Services.GetRequiredService<ApiKeyCache>();

        for (var i = 0; i < 4 * StrictAuthFixture.UnknownKeys; i++)
        {
            Assert.Equal(StatusCodes.Status401Unauthorized, (await GetFromAsync(IPAddress.Parse($"198.51.100.{i + 1}"), RandomKey())).Response.StatusCode);
        }

        Assert.InRange(cache.UnknownCount, 1, StrictAuthFixture.UnknownKeys);
    }

    private static string RandomKey() => "cpk_" + Guid.NewGuid().ToString("N");

    private Task<HttpContext> GetFromAsync(IPAddress address, string key) => api.Factory.Server.SendAsync(context =>
    {
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/v1/instances";
        context.Request.Headers.Authorization = "Bearer " + key;
        context.Connection.RemoteIpAddress = address;
    });
}
