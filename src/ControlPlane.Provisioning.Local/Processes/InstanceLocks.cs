using System.Collections.Concurrent;

namespace ControlPlane.Provisioning.Local.Processes;

/// <summary>
/// One lock per instance so a reconcile, a delete and the supervisor never act on the same processes at once,
/// plus one for port allocation so two new instances never pick the same ports.
/// </summary>
public sealed class InstanceLocks
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public SemaphoreSlim Allocation { get; } = new(1, 1);

    public SemaphoreSlim For(Guid instanceId) => _locks.GetOrAdd(instanceId, _ => new SemaphoreSlim(1, 1));
}
