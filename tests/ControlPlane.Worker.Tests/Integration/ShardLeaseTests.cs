using System.Diagnostics;
using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.Ownership;
using ControlPlane.Worker.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ControlPlane.Worker.Tests.Integration;

/// <summary>Two workers' lease managers against the real PostgreSQL, as the worker role.</summary>
public sealed class ShardLeaseTests : IAsyncLifetime
{
    private const string Region = "eu-test";
    private ScratchDatabase _database = null!;
    private LeaseWorker _a = null!;
    private LeaseWorker _b = null!;

    public async Task InitializeAsync()
    {
        if (TestServices.Configured(TestServices.PostgresVariable) is null)
        {
            return;
        }

        _database = await ScratchDatabase.CreateAsync();
        _a = new LeaseWorker("worker-a", _database.WorkerConnectionString, Region);
        _b = new LeaseWorker("worker-b", _database.WorkerConnectionString, Region);
    }

    public async Task DisposeAsync()
    {
        if (_database is null)
        {
            return;
        }

        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _database.DisposeAsync();
    }

    [PostgresFact]
    public async Task Should_give_every_shard_to_a_lone_worker_and_half_to_a_second_one_when_it_joins()
    {
        await _a.RoundAsync();
        Assert.Equal(InstanceShards.Count, _a.Ownership.OwnedShards().Count);

        await _b.RoundAsync();      // b's heartbeat is seen from now on; everything is still a's
        Assert.Empty(_b.Ownership.OwnedShards());
        await _a.RoundAsync();      // a hands over what is above its share
        await _b.RoundAsync();      // b takes it

        var mine = _a.Ownership.OwnedShards();
        var theirs = _b.Ownership.OwnedShards();
        Assert.Equal((32, 32), (mine.Count, theirs.Count));
        Assert.Empty(mine.Intersect(theirs));
        var instance = Enumerable.Range(0, 1000).Select(_ => Guid.NewGuid()).First(id => theirs.Contains(InstanceShards.Of(id)));
        Assert.Equal(EventSequence.FirstEpoch + 1, _b.Ownership.TryGet(instance)!.Epoch);
        Assert.Null(_a.Ownership.TryGet(instance));
    }

    [PostgresFact]
    public async Task Should_take_over_a_frozen_workers_shards_within_the_bound_and_never_let_two_trust_one_shard()
    {
        await _a.RoundAsync();
        await _b.RoundAsync();
        var frozenAt = Stopwatch.StartNew();   // a's last renewal: from here a is frozen (SIGSTOP), b keeps going

        var overlaps = 0;
        while (_b.Ownership.OwnedShards().Count < InstanceShards.Count)
        {
            Assert.True(frozenAt.Elapsed < TimeSpan.FromSeconds(10), "b never took the frozen worker's shards");
            await Task.Delay(_b.Settings.RenewInterval);
            await _b.RoundAsync();
            overlaps += _a.Ownership.OwnedShards().Intersect(_b.Ownership.OwnedShards()).Count();
        }

        var takeover = frozenAt.Elapsed;
        Assert.Equal(0, overlaps);
        Assert.True(takeover <= _b.Settings.TakeoverBound + TimeSpan.FromSeconds(1), $"takeover took {takeover}");
        Assert.True(takeover >= _b.Settings.LeaseDuration - TimeSpan.FromSeconds(1), $"taken before the lease could expire: {takeover}");

        // SIGCONT: the frozen worker trusts nothing any more, and its next round wins nothing b holds.
        Assert.Empty(_a.Ownership.OwnedShards());
        await _a.RoundAsync();
        Assert.Empty(_a.Ownership.OwnedShards().Intersect(_b.Ownership.OwnedShards()));

        // Then the two rebalance, and a's shards come back under new epochs, which fence whatever a sent before.
        await _b.RoundAsync();
        await _a.RoundAsync();
        Assert.Equal((32, 32), (_a.Ownership.OwnedShards().Count, _b.Ownership.OwnedShards().Count));
        var back = _a.Ownership.OwnedShards().First();
        var epoch = await _database.Admin.CreateCommand($"SELECT epoch FROM shard_leases WHERE region = '{Region}' AND shard = {back}").ExecuteScalarAsync();
        Assert.Equal(EventSequence.FirstEpoch + 2, (long)epoch!);
    }

    [PostgresFact]
    public async Task Should_hand_every_lease_over_at_once_when_a_worker_stops_cleanly()
    {
        await _a.RoundAsync();
        await _b.RoundAsync();

        await _a.Store.LeaveAsync("worker-a", Region, CancellationToken.None);
        await _b.RoundAsync();

        Assert.Equal(InstanceShards.Count, _b.Ownership.OwnedShards().Count);
    }

    [PostgresFact]
    public async Task Should_forward_a_command_for_an_instance_another_worker_owns_to_that_workers_queue()
    {
        await _b.RoundAsync();   // b owns everything
        await _a.RoundAsync();   // a is alive but owns nothing yet
        var instanceId = Guid.NewGuid();
        var listener = new OwnerWakeupListener(_b.Metadata, _b.Ownership, _b.Wakeups, TimeProvider.System, NullLogger<OwnerWakeupListener>.Instance);
        await listener.StartAsync(CancellationToken.None);
        try
        {
            // The listener subscribes asynchronously; a wake-up sent before it is caught by the owner's generation check.
            var route = WakeupRoute.NoOwner;
            await Eventually.HoldsAsync(() =>
            {
                route = _a.Wakeups.WakeAsync(new OwnerWakeup(instanceId, "reconcile"), CancellationToken.None).GetAwaiter().GetResult();
                return _b.Queue.Count > 0;
            }, "the owner to receive the wake-up", TimeSpan.FromSeconds(10));

            Assert.Equal(WakeupRoute.Forwarded, route);
            Assert.True(_b.Queue.TryTake(out var queued));
            Assert.Equal(instanceId, queued);
            Assert.Equal(0, _a.Queue.Count);
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    [PostgresFact]
    public async Task Should_let_the_worker_role_write_the_lease_tables_but_never_delete_a_lease()
    {
        await _a.RoundAsync();

        await using var delete = _a.Metadata.DataSource.CreateCommand("DELETE FROM shard_leases");
        var error = await Assert.ThrowsAsync<PostgresException>(() => delete.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState);
        await using var count = _database.Admin.CreateCommand("SELECT count(*) FROM shard_leases WHERE holder = 'worker-a'");
        Assert.Equal((long)InstanceShards.Count, await count.ExecuteScalarAsync());
    }
}
