using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>One rule, one message, wherever it is broken; and the lifecycle table decides what may change, not only whether something runs.</summary>
public sealed class InstanceRulesTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_name_the_replicas_rule_with_one_message_on_create_and_on_change()
    {
        var tenant = await api.CreateTenantAsync();
        var create = await tenant.Api.PostAsync("/v1/instances", api.NewInstance(highAvailability: new { enabled = false, replicas = 1 }));
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance(highAvailability: new { enabled = false }))).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var etag = (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag;

        // HA stays off (the request leaves it out), so one replica contradicts the instance's own spec.
        var change = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { highAvailability = new { replicas = 1 } }, etag);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (create.Status, change.Status));
        Assert.Equal(Messages(create, "highAvailability.replicas"), Messages(change, "highAvailability.replicas"));
        Assert.Equal(etag, (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag);
    }

    [Fact]
    public async Task Should_name_the_durability_rule_with_one_message_on_create_and_on_change()
    {
        var tenant = await api.CreateTenantAsync();
        var create = await tenant.Api.PostAsync("/v1/instances",
            api.NewInstance(highAvailability: new { replicationMode = "asynchronous", dataDurability = "required" }));
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance(highAvailability: new { replicationMode = "asynchronous" }))).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var etag = (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag;

        var change = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { highAvailability = new { dataDurability = "required" } }, etag);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (create.Status, change.Status));
        Assert.Equal(["dataDurability 'required' needs synchronous replication."], Messages(create, "highAvailability.dataDurability"));
        Assert.Equal(Messages(create, "highAvailability.dataDurability"), Messages(change, "highAvailability.dataDurability"));
    }

    [Fact]
    public async Task Should_refuse_a_change_the_lifecycle_table_forbids_even_when_no_operation_runs()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();
        // A create whose operation is over while the instance still reads provisioning: nothing blocks a change, but
        // provisioning cannot become updating.
        Assert.Equal(1, await api.ScalarAsync<int>("UPDATE operations SET status = 'failed' WHERE instance_id = $1 RETURNING 1", id));

        var change = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = 40 }, created.ETag);
        var rotation = await tenant.Api.PostAsync($"/v1/instances/{id}/connection/rotate");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (change.Status, rotation.Status));
        Assert.Contains("provisioning", rotation.Json.Str("detail"), StringComparison.Ordinal);
        var instance = (await tenant.Api.GetAsync($"/v1/instances/{id}")).Json;
        Assert.Equal(("provisioning", 1L), (instance.Str("status"), instance["generation"]!.GetValue<long>()));
        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM operations WHERE instance_id = $1", id));
    }

    private static string[] Messages(ApiResponse response, string field) =>
        [.. response.Json["errors"]![field]!.AsArray().Select(m => m!.GetValue<string>())];
}
