using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Events;
using ControlPlane.Domain.Ownership;

namespace ControlPlane.Api.Tests;

/// <summary>
/// Events carry their lease epoch in the sequence: the control plane refuses those of a worker whose lease a newer
/// owner holds, and orders the rest by epoch, never by a worker's clock.
/// </summary>
public sealed class OwnershipFencingTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_refuse_events_sent_under_a_lease_epoch_older_than_the_instances_current_one()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        var epoch = EventSequence.FirstEpoch + 7;
        await SetLeaseAsync(id, epoch);

        // The frozen worker's report, sent under the previous epoch, arrives after the takeover: refused, however high its counter.
        var stale = Guid.NewGuid();
        await api.PublishAsync(new InstanceFailed(id, null, 1, EventSequence.Compose(epoch - 1, 4000), DateTimeOffset.UtcNow, "Stale", "from the old owner"), stale);
        await api.PublishAsync(Worker.Health(id, EventSequence.Compose(epoch - 1, 4001), InstanceHealthStates.Unavailable));
        await Eventually.GetAsync(() => api.ScalarAsync<long>("select count(*) from processed_messages where message_id = $1", stale), n => n == 1, "the stale event to be consumed");

        await api.PublishAsync(Worker.Ready(id, generation: 1, sequence: EventSequence.Compose(epoch, 1)));
        var ready = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "available", "available");
        Assert.NotEqual("unavailable", ready["health"]?.GetValue<string>());
        var lifecycle = await tenant.Api.GetAsync($"/v1/instances/{id}/events?type=lifecycle");
        Assert.DoesNotContain(lifecycle.Json["items"]!.AsArray(), e => e!.Str("message").Contains("Stale", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_take_the_first_lease_sequence_as_newer_than_any_clock_sequence_recorded_before_the_upgrade()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();

        // Before leases, sequences were a worker's clock in microseconds; one whose clock ran a day ahead recorded this.
        var clockSequence = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds() * 1000;
        var old = Guid.NewGuid();
        await api.PublishAsync(new InstanceProgressed(id, null, 1, clockSequence, DateTimeOffset.UtcNow, "storage", "before the upgrade"), old);
        await Eventually.GetAsync(() => api.ScalarAsync<long>("select count(*) from processed_messages where message_id = $1", old), n => n == 1, "the old event to be consumed");

        await api.PublishAsync(Worker.Ready(id, generation: 1, sequence: EventSequence.Compose(EventSequence.FirstEpoch, 1)));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "available", "available");
    }

    private async Task SetLeaseAsync(Guid instanceId, long epoch)
    {
        var region = await api.ScalarAsync<string>("select region from instances where id = $1", instanceId);
        await api.ScalarAsync<int>("""
            insert into shard_leases (region, shard, holder, epoch, acquired_at, expires_at) values ($1, $2, 'worker-b', $3, now(), now() + interval '10 seconds')
            on conflict (region, shard) do update set epoch = excluded.epoch, holder = excluded.holder
            returning shard
            """, region, InstanceShards.Of(instanceId), epoch);
    }
}
