using System.Net;
using System.Security.Claims;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace ControlPlane.Api.Tests;

public sealed class RateLimitPartitionTests
{
    [Fact]
    public void Should_share_one_bucket_between_requests_of_the_same_key()
    {
        var keyId = Guid.NewGuid();

        Assert.Equal(RateLimiting.PartitionKey(Authenticated(keyId, "10.0.0.1")), RateLimiting.PartitionKey(Authenticated(keyId, "10.0.0.2")));
        Assert.NotEqual(RateLimiting.PartitionKey(Authenticated(keyId, "10.0.0.1")), RateLimiting.PartitionKey(Authenticated(Guid.NewGuid(), "10.0.0.1")));
    }

    [Fact]
    public void Should_bucket_unauthenticated_requests_by_address_whatever_key_they_present()
    {
        var first = Anonymous("192.0.2.7", "Bearer cpk_made_up_1");
        var second = Anonymous("192.0.2.7", "Bearer cpk_made_up_2");

        Assert.Equal(RateLimiting.PartitionKey(first), RateLimiting.PartitionKey(second));
        Assert.NotEqual(RateLimiting.PartitionKey(first), RateLimiting.PartitionKey(Anonymous("192.0.2.8", "Bearer cpk_made_up_1")));
    }

    private static DefaultHttpContext Authenticated(Guid keyId, string address)
    {
        var http = Anonymous(address, "Bearer irrelevant");
        http.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(Caller.KeyIdClaim, keyId.ToString()), new Claim(Caller.RoleClaim, "Member"), new Claim(Caller.OrganizationClaim, Guid.NewGuid().ToString())],
            ApiKeyAuthenticationHandler.SchemeName));
        return http;
    }

    private static DefaultHttpContext Anonymous(string address, string authorization)
    {
        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(address);
        http.Request.Headers.Authorization = authorization;
        return http;
    }
}
