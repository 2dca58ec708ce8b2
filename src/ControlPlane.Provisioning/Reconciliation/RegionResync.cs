using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Ownership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// The level-triggered safety net: every live instance of the region that this worker owns goes back in the queue,
/// and whatever the driver runs in this worker's shards that the control plane no longer wants is removed (an orphan
/// has no row, but it has a shard, so it has one owner like any instance).
/// </summary>
public sealed class RegionResync(
    IDesiredStateReader reader,
    IInstanceDriver driver,
    IInstanceOwnership ownership,
    ReconcileQueue queue,
    IOptions<WorkerOptions> worker,
    ILogger<RegionResync> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var region = worker.Value.Region;
        var live = new HashSet<Guid>();
        await foreach (var instanceId in reader.ListLiveIdsAsync(region, cancellationToken))
        {
            live.Add(instanceId);
            if (ownership.TryGet(instanceId) is not null)
            {
                queue.EnqueueUnlessScheduled(instanceId);
            }
        }

        var managed = await driver.ListManagedInstancesAsync(cancellationToken);
        var orphans = managed.Where(id => !live.Contains(id) && ownership.TryGet(id) is not null).ToList();
        logger.LogInformation("Resync of region {Region}: {Live} live instances, {Managed} run by driver {Driver}, {Orphans} orphaned",
            region, live.Count, managed.Count, driver.Name, orphans.Count);
        foreach (var instanceId in orphans)
        {
            await RemoveOrphanAsync(instanceId, region, cancellationToken);
        }
    }

    private async Task RemoveOrphanAsync(Guid instanceId, string region, CancellationToken cancellationToken)
    {
        // Re-read one by one: an instance created since the listing, or one of another region, is not an orphan.
        DesiredInstance? desired;
        try
        {
            desired = await reader.GetAsync(instanceId, cancellationToken);
        }
        catch (DesiredStateUnreadableException)
        {
            // The control plane has a row for it, so it is no orphan; the reconciler marks the instance with the reason.
            queue.EnqueueUnlessScheduled(instanceId);
            return;
        }

        if (desired is { Deleted: false })
        {
            return;
        }

        if (desired is not null)
        {
            // The control plane knows it as deleted: the reconciler deletes it and reports it.
            queue.EnqueueUnlessScheduled(instanceId);
            return;
        }

        if (ownership.TryGet(instanceId) is not { } lease)
        {
            return;
        }

        lease.ThrowIfLost();

        logger.LogWarning("Deleting orphaned instance {InstanceId}: driver {Driver} runs it but the control plane has no record of it",
            instanceId, driver.Name);
        using var fenced = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost);
        var gone = await driver.DeleteAsync(OrphanInstance.Tombstone(instanceId, region), fenced.Token);
        if (!gone)
        {
            logger.LogInformation("Orphaned instance {InstanceId} is still being removed; the next resync looks again", instanceId);
        }
    }
}
