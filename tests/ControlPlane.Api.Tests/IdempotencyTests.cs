using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

public sealed class IdempotencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    [Fact]
    public async Task Should_replay_the_first_answer_for_the_same_key_and_body()
    {
        var tenant = await api.CreateTenantAsync();
        var body = api.NewInstance();
        var key = Guid.NewGuid().ToString();

        var first = await tenant.Api.PostAsync("/v1/instances", body, Key(key));
        var second = await tenant.Api.PostAsync("/v1/instances", body, Key(key));

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        Assert.Equal(first.Json.Id(), second.Json.Id());
        Assert.Equal(first.Location, second.Location);
        Assert.True(second.Message.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from instances where organization_id = $1", tenant.Id));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from operations where organization_id = $1", tenant.Id));
    }

    [Fact]
    public async Task Should_reject_the_same_key_with_a_different_body()
    {
        var tenant = await api.CreateTenantAsync();
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Api.PostAsync("/v1/instances", api.NewInstance(), Key(key))).Status);

        var reused = await tenant.Api.PostAsync("/v1/instances", api.NewInstance(), Key(key));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.Status);
        Assert.Equal("application/problem+json", reused.ContentType);
        Assert.Contains("Idempotency-Key", reused.ErrorFields());
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from instances where organization_id = $1", tenant.Id));
    }

    [Fact]
    public async Task Should_keep_keys_apart_between_organisations()
    {
        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();
        var body = api.NewInstance();
        var key = Guid.NewGuid().ToString();

        var ofA = await a.Api.PostAsync("/v1/instances", body, Key(key));
        var ofB = await b.Api.PostAsync("/v1/instances", body, Key(key));

        Assert.Equal(HttpStatusCode.Accepted, ofB.Status);
        Assert.NotEqual(ofA.Json.Id(), ofB.Json.Id());
        Assert.Equal(b.Id, ofB.Json["organizationId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task Should_create_once_when_the_same_request_races_itself()
    {
        var tenant = await api.CreateTenantAsync();
        var body = api.NewInstance();
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => tenant.Api.PostAsync("/v1/instances", body, Key(key))));

        Assert.All(responses, r => Assert.True(r.Status == HttpStatusCode.Accepted, r.ToString()));
        Assert.Single(responses.Select(r => r.Json.Id()).Distinct());
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from instances where organization_id = $1", tenant.Id));
    }

    [Fact]
    public async Task Should_reject_an_overlong_key()
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync("/v1/instances", api.NewInstance(), Key(new string('k', 201)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Contains("Idempotency-Key", response.ErrorFields());
    }
}
