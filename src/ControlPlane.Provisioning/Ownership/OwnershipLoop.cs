using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Reconciliation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// Every RenewInterval: heartbeat, read who is alive and who holds what, hand over the shards above this worker's share,
/// renew the rest and take the free ones meant for it. Instances of a newly taken shard are queued at once (their owner
/// changed: whatever the last one was doing is looked at again); instances of a lost shard stop being monitored here.
/// Every GenerationCheckInterval the owner also compares its instances' generations with the last it saw, so a change
/// whose wake-up got lost is reconciled within that interval.
/// </summary>
public sealed class OwnershipLoop(
    InstanceOwnership ownership,
    ShardLeaseStore store,
    IDesiredStateReader reader,
    ReconcileQueue queue,
    IInstanceHealthTracker health,
    OwnershipMetrics metrics,
    IOptions<OwnershipOptions> options,
    IOptions<WorkerOptions> worker,
    TimeProvider timeProvider,
    ILogger<OwnershipLoop> logger) : BackgroundService
{
    private readonly Lock _gate = new();
    private Dictionary<Guid, long> _generations = [];
    private long? _lastGenerationCheck;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        metrics.Observe(() => ownership.OwnedShards().Count, CountOwnedInstances);
        logger.LogInformation("Worker {WorkerId} takes part in owning region {Region}'s instances (takeover within {Bound})",
            ownership.WorkerId, worker.Value.Region, options.Value.TakeoverBound);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        ownership.Relinquish(ownership.OwnedShards());
        try
        {
            await store.LeaveAsync(ownership.WorkerId, worker.Value.Region, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not give up the leases on stopping; they expire within {Duration}", options.Value.LeaseDuration);
        }
    }

    /// <summary>One round; returns what changed. Public for tests, which drive rounds themselves.</summary>
    public async Task<OwnershipChange> RunRoundAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var region = worker.Value.Region;
        var me = ownership.WorkerId;
        var view = await store.BeginRoundAsync(me, region, settings.LeaseDuration, cancellationToken);
        var target = ShardAssignment.Assign(InstanceShards.Count, [.. view.LiveWorkers, me], view.LiveHolders);
        var mine = view.LiveHolders.Where(h => h.Value == me).Select(h => h.Key).ToHashSet();
        var keep = mine.Where(s => target[s] == me).ToList();
        var release = mine.Where(s => target[s] != me).ToList();
        var acquire = target.Where(t => t.Value == me && !view.LiveHolders.ContainsKey(t.Key)).Select(t => t.Key).ToList();

        ownership.Relinquish(release);
        var renewalStart = timeProvider.GetTimestamp();
        var held = await store.ClaimAsync(me, region, keep, release, acquire, settings.LeaseDuration, cancellationToken);
        var change = ownership.Apply(renewalStart, held);
        if (release.Count > 0 || change.Acquired.Count > 0 || change.Lost.Count > 0)
        {
            logger.LogInformation(
                "Worker {WorkerId}: {Held} shards held ({Workers} live workers); acquired {Acquired}, handed over {Released}, lost {Lost}",
                me, held.Count, view.LiveWorkers.Count, change.Acquired.Count, release.Count, change.Lost.Count);
        }

        UntrackShards([.. release, .. change.Lost]);
        if (change.Acquired.Count > 0)
        {
            await QueueShardsAsync(change.Acquired.ToHashSet(), cancellationToken);
        }

        return change;
    }

    /// <summary>Queues the owned instances whose generation moved since the last check. Public for tests.</summary>
    public async Task CheckGenerationsAsync(CancellationToken cancellationToken)
    {
        var current = new Dictionary<Guid, long>();
        await foreach (var live in reader.ListLiveAsync(worker.Value.Region, cancellationToken))
        {
            current[live.InstanceId] = live.Generation;
        }

        Dictionary<Guid, long> previous;
        lock (_gate)
        {
            previous = _generations;
            _generations = current;
            _lastGenerationCheck = timeProvider.GetTimestamp();
        }

        foreach (var (instanceId, generation) in current)
        {
            if (previous.TryGetValue(instanceId, out var seen) && seen == generation)
            {
                continue;
            }

            if (ownership.TryGet(instanceId) is not null && queue.Enqueue(instanceId))
            {
                logger.LogDebug("Instance {InstanceId} is at generation {Generation} (last seen {Seen}): queued", instanceId, generation, seen);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval, timeProvider);
        try
        {
            do
            {
                try
                {
                    await RunRoundAsync(stoppingToken);
                    if (_lastGenerationCheck is not { } last || timeProvider.GetElapsedTime(last) >= options.Value.GenerationCheckInterval)
                    {
                        await CheckGenerationsAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Nothing to undo: leases not renewed run out by themselves, here first (SafetyMargin) and then in the database.
                    logger.LogWarning(ex, "Ownership round of worker {WorkerId} failed; {Owned} shards still trusted", ownership.WorkerId,
                        ownership.OwnedShards().Count);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task QueueShardsAsync(HashSet<int> shards, CancellationToken cancellationToken)
    {
        var queued = 0;
        await foreach (var instanceId in reader.ListLiveIdsAsync(worker.Value.Region, cancellationToken))
        {
            if (shards.Contains(InstanceShards.Of(instanceId)))
            {
                queue.Enqueue(instanceId);
                queued++;
            }
        }

        logger.LogInformation("Worker {WorkerId} took {Shards} shards: {Queued} instances queued", ownership.WorkerId, shards.Count, queued);
    }

    private void UntrackShards(IReadOnlyCollection<int> shards)
    {
        if (shards.Count == 0)
        {
            return;
        }

        List<Guid> known;
        lock (_gate)
        {
            known = [.. _generations.Keys];
        }

        foreach (var instanceId in known.Where(id => shards.Contains(InstanceShards.Of(id))))
        {
            health.Untrack(instanceId);
        }
    }

    private int CountOwnedInstances()
    {
        var shards = ownership.OwnedShards().ToHashSet();
        lock (_gate)
        {
            return _generations.Keys.Count(id => shards.Contains(InstanceShards.Of(id)));
        }
    }
}
