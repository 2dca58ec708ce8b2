using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Events;

namespace ControlPlane.Api.Tests;

/// <summary>The worker's events, published on the broker as a worker would, show through the API.</summary>
public sealed class WorkerEventsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly int _logMark = api.Logs.Lines.Count;

    [Fact]
    public async Task Should_show_an_instance_available_with_endpoints_once_ready()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();
        Assert.Null(created.Json["endpoints"]);

        await api.PublishAsync(Worker.Ready(id, generation: 1, sequence: 1));
        var ready = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "available", "available");

        Assert.Equal((1L, 1L), (ready["generation"]!.GetValue<long>(), ready["observedGeneration"]!.GetValue<long>()));
        Assert.Equal((Worker.Endpoints.PrimaryHost, Worker.Endpoints.PrimaryPort),
            (ready["endpoints"]!["primary"]!.Str("host"), ready["endpoints"]!["primary"]!["port"]!.GetValue<int>()));
        Assert.Equal(Worker.Endpoints.ReadOnlyPort, ready["endpoints"]!["readOnly"]!["port"]!.GetValue<int>());
        Assert.Equal("pg-0", ready.Str("currentPrimary"));
        Assert.Equal("succeeded", (await tenant.Api.GetAsync(created.Location!)).Json.Str("status"));
        AssertNoErrorsLogged();
    }

    [Fact]
    public async Task Should_record_health_and_conditions_without_changing_the_etag()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var before = await tenant.Api.GetAsync($"/v1/instances/{id}");

        await api.PublishAsync(Worker.Health(id, 1, InstanceHealthStates.Healthy, Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2")));
        var healthy = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("health") == "healthy", "healthy");
        // Archiving stays Unknown until the worker's first archiving report (ArchivingTests).
        Assert.Equal(["True", "True", "True", "True", "True", "Unknown"], Conditions(healthy).Select(c => c.Status));

        await api.PublishAsync(Worker.Health(id, 2, InstanceHealthStates.Degraded, Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2", state: "stopped")));
        var degraded = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("health") == "degraded", "degraded");

        Assert.Equal("available", degraded.Str("status"));
        Assert.Contains(Conditions(degraded), c => c is { Type: "Replicating", Status: "False", Reason: "ReplicaDown" });
        var after = await tenant.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal(before.ETag, after.ETag);
        var healthEvents = await tenant.Api.GetAsync($"/v1/instances/{id}/events?type=health");
        Assert.Equal(2, healthEvents.Json["items"]!.AsArray().Count);
        AssertNoErrorsLogged();
    }

    [Fact]
    public async Task Should_record_one_failover_when_two_sources_report_it()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        await api.PublishAsync(Worker.Health(id, 1, InstanceHealthStates.Healthy, Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true)));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("health") == "healthy", "healthy");
        var etag = (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag;

        var lost = DateTimeOffset.UtcNow.AddSeconds(-12);
        var promoted = lost.AddSeconds(9.5);
        await api.PublishAsync(Failover(id, "pg-0", "pg-1", timeline: 2, lost, promoted, source: "patroni"));
        await api.PublishAsync(Failover(id, "pg-0", "pg-1", timeline: 2, lost, promoted, source: "kubernetes"));
        await api.PublishAsync(Failover(id, "pg-0", "pg-1", timeline: 2, lost, promoted, source: "patroni"));
        await Eventually.GetAsync(() => FailoversAsync(tenant.Api, id), f => f.Count >= 1, "a failover event");
        await WaitForLifecycleMarkerAsync(id, sequence: 2);

        var failover = Assert.Single(await FailoversAsync(tenant.Api, id))!["leaderChange"]!;
        Assert.Equal(("pg-0", "pg-1", 2), (failover.Str("oldPrimary"), failover.Str("newPrimary"), failover["timeline"]!.GetValue<int>()));
        Assert.Equal(9.5, failover["downtimeSeconds"]!.GetValue<double>(), 3);
        Assert.True(failover["promotedWasSynchronous"]!.GetValue<bool>());
        var instance = await tenant.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal(("pg-1", "available", etag), (instance.Json.Str("currentPrimary"), instance.Json.Str("status"), instance.ETag));

        await api.PublishAsync(Failover(id, "pg-1", "pg-0", timeline: 3, DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow, source: "patroni"));
        var two = await Eventually.GetAsync(() => FailoversAsync(tenant.Api, id), f => f.Count == 2, "a second failover on a new timeline");
        Assert.Equal(3, two[0]!["leaderChange"]!["timeline"]!.GetValue<int>());
        // No error check here: a duplicate loses the unique-index race by design, and EF logs the violation it catches.
    }

    [Fact]
    public async Task Should_record_a_restart_of_the_primary_apart_from_failovers()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        await api.PublishAsync(Worker.Health(id, 1, InstanceHealthStates.Healthy, Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true)));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("health") == "healthy", "healthy");

        var lost = DateTimeOffset.UtcNow.AddSeconds(-8);
        var back = lost.AddSeconds(7);
        await api.PublishAsync(new LeaderChanged(id, null, 1, 2, back, LeaderChanged.Restart, "pg-0", "pg-0", 2, lost, back, null, false, "patroni"));
        var restarts = await Eventually.GetAsync(
            async () => (await tenant.Api.GetAsync($"/v1/instances/{id}/events?type=restart")).Json["items"]!.AsArray(), r => r.Count == 1, "a restart event");

        var restart = restarts[0]!;
        Assert.Contains("pg-0 crashed", restart.Str("message"), StringComparison.Ordinal);
        Assert.Equal(7, restart["leaderChange"]!["downtimeSeconds"]!.GetValue<double>(), 3);
        Assert.Empty(await FailoversAsync(tenant.Api, id));
        Assert.Equal("pg-0", (await tenant.Api.GetAsync($"/v1/instances/{id}")).Json.Str("currentPrimary"));
    }

    [Fact]
    public async Task Should_ignore_lifecycle_events_older_than_the_last_applied()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.PublishAsync(Worker.Ready(id, generation: 1, sequence: 10));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "available", "available");

        var stale = Guid.NewGuid();
        await api.PublishAsync(new InstanceFailed(id, null, 1, 9, DateTimeOffset.UtcNow, "Stale", "An old report."), stale);
        await WaitForProcessedAsync(stale);

        var instance = await tenant.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal("available", instance.Json.Str("status"));
        var events = await tenant.Api.GetAsync($"/v1/instances/{id}/events");
        Assert.DoesNotContain(events.Json["items"]!.AsArray(), e => e!.Str("message").Contains("Stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_ignore_health_reports_older_than_the_last_applied()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        await api.PublishAsync(Worker.Health(id, 20, InstanceHealthStates.Healthy, Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true)));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("health") == "healthy", "healthy");

        await api.PublishAsync(Worker.Health(id, 19, InstanceHealthStates.Unavailable, Worker.Replica("pg-1")));
        await api.PublishAsync(Worker.Health(id, 21, InstanceHealthStates.Healthy, Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2")));
        await Eventually.GetAsync(() => tenant.Api.GetAsync($"/v1/instances/{id}/health"), h => h.Json["members"]!.AsArray().Count == 3, "the newest report");
        await Task.Delay(300);

        var health = await tenant.Api.GetAsync($"/v1/instances/{id}/health");
        Assert.Equal(("healthy", "pg-0"), (health.Json.Str("health"), health.Json.Str("currentPrimary")));
        var events = await tenant.Api.GetAsync($"/v1/instances/{id}/events?type=health");
        Assert.DoesNotContain(events.Json["items"]!.AsArray(), e => e!.Str("message").Contains("unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_finish_an_update_reported_after_health_reports()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        await api.PublishAsync(Worker.Health(id, 1, InstanceHealthStates.Healthy, Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2")));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("health") == "healthy", "healthy");
        var etag = (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag;
        var update = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { plan = "medium" }, etag);
        Assert.Equal(HttpStatusCode.Accepted, update.Status);

        await api.PublishAsync(new InstanceProgressed(id, null, 2, 2, DateTimeOffset.UtcNow, "resize", "Resizing members one at a time."));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("statusReason").StartsWith("Resizing", StringComparison.Ordinal), "progressing");
        Assert.Equal("running", (await tenant.Api.GetAsync(update.Location!)).Json.Str("status"));
        await api.PublishAsync(Worker.Ready(id, generation: 2, sequence: 3));
        var ready = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "available", "available again");

        Assert.Equal(2L, ready["observedGeneration"]!.GetValue<long>());
        Assert.Equal(3, (await tenant.Api.GetAsync($"/v1/instances/{id}/health")).Json["members"]!.AsArray().Count);
        Assert.Equal("succeeded", (await tenant.Api.GetAsync(update.Location!)).Json.Str("status"));
        AssertNoErrorsLogged();
    }

    [Fact]
    public async Task Should_fail_the_instance_and_its_operation_with_the_workers_reason()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();

        await api.PublishAsync(new InstanceFailed(id, null, 1, 1, DateTimeOffset.UtcNow, "QuotaExceeded", "The namespace has no room for 3 volumes."));
        var failed = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "failed", "failed");

        Assert.Equal("QuotaExceeded", failed.Str("statusReason"));
        var operation = await tenant.Api.GetAsync(created.Location!);
        Assert.Equal(("failed", "QuotaExceeded"), (operation.Json.Str("status"), operation.Json["error"]!.Str("title")));
        Assert.Contains("3 volumes", operation.Json["error"]!.Str("detail"), StringComparison.Ordinal);
    }

    private static LeaderChanged Failover(Guid id, string from, string to, int timeline, DateTimeOffset lost, DateTimeOffset promoted, string source) =>
        new(id, null, 1, timeline, promoted, LeaderChanged.Failover, from, to, timeline, lost, promoted, 0, true, source);

    private static async Task<List<JsonNode?>> FailoversAsync(ApiClient client, Guid id) =>
        [.. (await client.GetAsync($"/v1/instances/{id}/events?type=failover")).Json["items"]!.AsArray()];

    private static IEnumerable<(string Type, string Status, string Reason)> Conditions(JsonNode instance) =>
        instance["conditions"]!.AsArray().Select(c => (c!.Str("type"), c!.Str("status"), c!.Str("reason")));

    /// <summary>Publishes a harmless lifecycle event after the ones under test and waits until it was consumed.</summary>
    private async Task WaitForLifecycleMarkerAsync(Guid id, long sequence)
    {
        var marker = Guid.NewGuid();
        await api.PublishAsync(new InstanceProgressed(id, null, 1, sequence, DateTimeOffset.UtcNow, "marker", "Nothing to do."), marker);
        await WaitForProcessedAsync(marker);
        await Task.Delay(300);
    }

    private Task WaitForProcessedAsync(Guid messageId) =>
        Eventually.GetAsync(() => api.ScalarAsync<long>("select count(*) from processed_messages where message_id = $1", messageId), n => n == 1, $"message {messageId} to be consumed");

    /// <summary>Errors logged since this test began (tests of one class run one after another).</summary>
    private void AssertNoErrorsLogged()
    {
        var errors = api.Logs.Lines.Skip(_logMark).Where(l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, string.Join("\n----\n", errors.Select(e => e.Length > 1500 ? e[..1500] : e)));
    }
}
