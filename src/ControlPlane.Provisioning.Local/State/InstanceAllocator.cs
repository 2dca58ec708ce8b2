using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.Processes;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Local.State;

/// <summary>Finds an instance's recorded state, or allocates its ports and records it on first sight.</summary>
public sealed class InstanceAllocator(InstanceStateStore store, PortAllocator ports, InstanceLocks locks, TimeProvider timeProvider, ILogger<InstanceAllocator> logger)
{
    /// <summary>Per slot a PostgreSQL, REST and Raft port, plus the router's primary and read-only listeners.</summary>
    public const int PortsPerInstance = (InstanceState.SlotCount * 3) + 2;

    public async Task<InstanceState> LoadOrCreateAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        if (store.Read(desired.InstanceId) is { } existing)
        {
            return existing;
        }

        await locks.Allocation.WaitAsync(cancellationToken);
        try
        {
            using var machineWide = await AllocationFileLock.AcquireAsync(store.DataDirectory, timeProvider, cancellationToken);
            // Another worker on this machine may have recorded this instance while this one waited.
            if (store.Read(desired.InstanceId) is { } recorded)
            {
                return recorded;
            }

            var allocated = ports.Allocate(PortsPerInstance, store.ReadAll());
            var slots = Enumerable.Range(0, InstanceState.SlotCount)
                .Select(slot => new SlotPorts(allocated[slot * 3], allocated[(slot * 3) + 1], allocated[(slot * 3) + 2]))
                .ToList();
            var state = new InstanceState(
                desired.InstanceId, desired.Name, desired.Spec.PostgresVersion, desired.Resources.Plan, desired.Spec.StorageGb,
                desired.Spec.HighAvailability.Members, slots, allocated[^2], allocated[^1]);
            store.Write(state);
            logger.LogInformation("Allocated ports {First}-{Last} for instance {InstanceId}", allocated[0], allocated[^1], desired.InstanceId);
            return state;
        }
        finally
        {
            locks.Allocation.Release();
        }
    }
}
