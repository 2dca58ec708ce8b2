using System.Collections.Concurrent;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Reconciliation;

namespace ControlPlane.Testing.Provisioning;

public sealed class RecordingHealthTracker : IInstanceHealthTracker
{
    public ConcurrentDictionary<Guid, IReadOnlyList<PatroniMemberEndpoint>> Tracked { get; } = new();

    public ConcurrentDictionary<Guid, LeaderSighting?> Leaders { get; } = new();

    public void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints, LeaderSighting? leader = null)
    {
        Tracked[desired.InstanceId] = endpoints;
        Leaders[desired.InstanceId] = leader;
    }

    public void Untrack(Guid instanceId) => Tracked.TryRemove(instanceId, out _);
}
