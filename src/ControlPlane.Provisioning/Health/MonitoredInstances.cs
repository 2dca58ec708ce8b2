using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Health;

public sealed class MonitoredInstances : IMonitoredInstances
{
    private readonly ConcurrentDictionary<Guid, MonitoredInstance> _instances = new();

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
        _instances.TryGetValue(instanceId, out info);

    public IReadOnlyList<KeyValuePair<Guid, MonitoredInstance>> Snapshot() => [.. _instances];
}
