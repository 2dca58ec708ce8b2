using ControlPlane.Api.Instances;

namespace ControlPlane.Api.Tests;

public sealed class IdempotencyKeysTests
{
    [Fact]
    public void Should_hash_the_same_route_and_body_alike()
    {
        Assert.Equal(IdempotencyKeys.Hash("POST /v1/instances", """{"name":"a"}"""), IdempotencyKeys.Hash("POST /v1/instances", """{"name":"a"}"""));
    }

    [Theory]
    [InlineData("POST /v1/instances", """{"name":"b"}""")]
    [InlineData("POST /v1/other", """{"name":"a"}""")]
    public void Should_hash_a_different_route_or_body_differently(string route, string body)
    {
        Assert.NotEqual(IdempotencyKeys.Hash("POST /v1/instances", """{"name":"a"}"""), IdempotencyKeys.Hash(route, body));
    }
}
