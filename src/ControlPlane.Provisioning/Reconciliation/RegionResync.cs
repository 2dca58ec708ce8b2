using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// The level-triggered safety net: every live instance of the region goes back in the queue, and whatever the
/// driver runs that the control plane no longer wants is removed.
/// </summary>
public sealed class RegionResync(
    IDesiredStateReader reader,
    IInstanceDriver driver,
    IInstanceLeases leases,
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
            queue.EnqueueUnlessScheduled(instanceId);
        }

        var managed = await driver.ListManagedInstancesAsync(cancellationToken);
        var orphans = managed.Where(id => !live.Contains(id)).ToList();
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

        await using var lease = await leases.TryAcquireAsync(instanceId, cancellationToken);
        if (lease is null)
        {
            return;
        }

        logger.LogWarning("Deleting orphaned instance {InstanceId}: driver {Driver} runs it but the control plane has no record of it",
            instanceId, driver.Name);
        var gone = await driver.DeleteAsync(OrphanInstance.Tombstone(instanceId, region), cancellationToken);
        if (!gone)
        {
            logger.LogInformation("Orphaned instance {InstanceId} is still being removed; the next resync looks again", instanceId);
        }
    }
}
