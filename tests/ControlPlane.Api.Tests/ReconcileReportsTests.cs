using System.Text.Json.Nodes;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Events;

namespace ControlPlane.Api.Tests;

/// <summary>What the worker cannot do, and what the status is beside the conditions, show through the API.</summary>
public sealed class ReconcileReportsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_show_why_reconciling_fails_on_the_instance_and_its_operation_with_one_event_when_it_starts_and_one_when_it_ends()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();
        var since = new DateTimeOffset(2026, 12, 1, 21, 27, 5, TimeSpan.Zero);

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await api.PublishAsync(new InstanceReconcileFailing(id, null, 1, attempt, since.AddSeconds(attempt * 10), InstanceReconcileFailing.ReconcileFailing,
                $"HAProxy did not start: exit code {attempt}", since, 2 + attempt));
        }

        var failing = await Worker.WaitForInstanceAsync(tenant.Api, id,
            i => i.Str("statusReason").EndsWith("exit code 3", StringComparison.Ordinal), "failing to reconcile");
        Assert.Equal(("provisioning", "Retrying since 21:27 UTC: HAProxy did not start: exit code 3"), (failing.Str("status"), failing.Str("statusReason")));
        var reconciled = Condition(failing, "Reconciled");
        Assert.Equal(("False", "ReconcileFailing"), (reconciled.Str("status"), reconciled.Str("reason")));
        Assert.Contains("HAProxy did not start: exit code 3", reconciled.Str("message"), StringComparison.Ordinal);
        var operation = (await tenant.Api.GetAsync(created.Location!)).Json;
        Assert.Equal(("running", "ReconcileFailing", "HAProxy did not start: exit code 3"),
            (operation.Str("status"), operation["lastError"]!.Str("title"), operation["lastError"]!.Str("detail")));
        Assert.Null(operation["error"]);
        Assert.Single(await EventsAsync(tenant.Api, id));

        await api.PublishAsync(new InstanceReconcileRecovered(id, null, 1, 4, DateTimeOffset.UtcNow, since));
        var recovered = await Worker.WaitForInstanceAsync(tenant.Api, id, i => Condition(i, "Reconciled").Str("status") != "False", "reconciling again");

        Assert.Equal("Provisioning was requested.", recovered.Str("statusReason"));
        Assert.Null((await tenant.Api.GetAsync(created.Location!)).Json["lastError"]);
        var events = await EventsAsync(tenant.Api, id);
        Assert.Equal(2, events.Count);
        Assert.Contains("succeeds again", events[0]!.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_mark_an_instance_whose_credentials_the_worker_cannot_read()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);

        await api.PublishAsync(new InstanceReconcileFailing(id, null, 1, 2, DateTimeOffset.UtcNow, InstanceReconcileFailing.CredentialsUnreadable,
            "The worker cannot decrypt this instance's credentials.", DateTimeOffset.UtcNow, 1));
        var marked = await Worker.WaitForInstanceAsync(tenant.Api, id, i => Condition(i, "Reconciled").Str("status") == "False", "marked");

        Assert.Equal("CredentialsUnreadable", Condition(marked, "Reconciled").Str("reason"));
        Assert.Equal("available", marked.Str("status"));
        Assert.StartsWith("Retrying since", marked.Str("statusReason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_say_not_ready_as_soon_as_a_change_is_accepted()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        await api.PublishAsync(Worker.Health(id, 1, InstanceHealthStates.Healthy, Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2")));
        var healthy = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("health") == "healthy", "healthy");
        Assert.Equal("True", Condition(healthy, "Ready").Str("status"));

        var changed = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = 40 }, (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag);
        Assert.Equal("updating", changed.Json.Str("status"));

        var updating = (await tenant.Api.GetAsync($"/v1/instances/{id}")).Json;
        Assert.Equal(("False", "Updating"), (Condition(updating, "Ready").Str("status"), Condition(updating, "Ready").Str("reason")));
        Assert.Equal("Unknown", Condition(updating, "Reconciled").Str("status"));
        Assert.Equal(("False", "Updating"), (Condition(changed.Json, "Ready").Str("status"), Condition(changed.Json, "Ready").Str("reason")));
    }

    private static JsonNode Condition(JsonNode instance, string type) =>
        instance["conditions"]!.AsArray().Single(c => c!.Str("type") == type)!;

    private static async Task<JsonArray> EventsAsync(ApiClient client, Guid id) =>
        (await client.GetAsync($"/v1/instances/{id}/events?type=reconcile")).Json["items"]!.AsArray();
}
