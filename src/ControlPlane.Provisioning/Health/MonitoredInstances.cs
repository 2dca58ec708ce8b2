using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Ownership;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// The instances this worker follows: tracked by its reconcile passes, and visible to the health monitor and the
/// failover detector only while this worker owns them. An instance whose shard went to another worker drops out of
/// <see cref="Snapshot"/> and <see cref="TryGet"/> at once (its new owner monitors it), so two workers never probe,
/// detect or report the same instance.
/// </summary>
public sealed class MonitoredInstances : IMonitoredInstances
{
    private readonly ConcurrentDictionary<Guid, MonitoredInstance> _instances = new();
    private readonly IInstanceOwnership? _ownership;

    /// <summary>Without ownership every tracked instance is followed (a single worker; tests).</summary>
    public MonitoredInstances()
    {
    }

    public MonitoredInstances(IInstanceOwnership ownership) => _ownership = ownership;

    public void Track(Guid instanceId, MonitoredInstance info)
    {
        ArgumentNullException.ThrowIfNull(info);
        _instances[instanceId] = info;
    }

    public void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints, LeaderSighting? leader = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        Track(desired.InstanceId, MonitoredInstance.From(desired, endpoints, leader));
    }

    public void Untrack(Guid instanceId) => _instances.TryRemove(instanceId, out _);

    public bool TryGet(Guid instanceId, [MaybeNullWhen(false)] out MonitoredInstance info) =>
        _instances.TryGetValue(instanceId, out info) && Owned(instanceId);

    public IReadOnlyList<KeyValuePair<Guid, MonitoredInstance>> Snapshot() => [.. _instances.Where(e => Owned(e.Key))];

    private bool Owned(Guid instanceId) => _ownership is null || _ownership.TryGet(instanceId) is not null;
}
