using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>Racing requests: exactly one wins, the others get an answer they can act on, and nothing is half-written.</summary>
public sealed class ConcurrencyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_accept_one_of_several_changes_racing_with_the_same_etag()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var etag = (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag;

        var responses = await Task.WhenAll(new[] { 30, 40, 50, 60 }.Select(gb => tenant.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = gb }, etag)));

        var winner = Assert.Single(responses, r => r.Status == HttpStatusCode.Accepted);
        Assert.All(responses.Where(r => r != winner), r =>
        {
            Assert.True(r.Status is HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed, r.ToString());
            Assert.Equal("application/problem+json", r.ContentType);
        });
        var instance = await tenant.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal(winner.Json["storageGb"]!.GetValue<int>(), instance.Json["storageGb"]!.GetValue<int>());
        Assert.Equal(2L, instance.Json["generation"]!.GetValue<long>());
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from operations where instance_id = $1 and type = 'update'", id));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from outbox_messages where body->>'instanceId' = $1 and body->>'operationType' = 'update'", id.ToString()));
    }

    [Fact]
    public async Task Should_create_one_of_several_instances_racing_for_the_same_name()
    {
        var tenant = await api.CreateTenantAsync();
        var body = api.NewInstance("contested");

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => tenant.Api.PostAsync("/v1/instances", body)));

        Assert.Single(responses, r => r.Status == HttpStatusCode.Accepted);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Accepted), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from instances where organization_id = $1", tenant.Id));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from operations where organization_id = $1", tenant.Id));
    }

    [Fact]
    public async Task Should_refuse_a_delete_with_a_stale_etag()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var changed = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = 30 }, created.ETag);
        Assert.Equal(HttpStatusCode.Accepted, changed.Status);

        var stale = await tenant.Api.DeleteAsync($"/v1/instances/{id}", created.ETag);
        var current = await tenant.Api.DeleteAsync($"/v1/instances/{id}", changed.ETag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal(HttpStatusCode.Accepted, current.Status);
        Assert.Equal("failed", (await tenant.Api.GetAsync(changed.Location!)).Json.Str("status"));
    }
}
