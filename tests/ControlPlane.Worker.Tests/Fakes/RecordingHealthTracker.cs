using System.Collections.Concurrent;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Reconciliation;

namespace ControlPlane.Worker.Tests.Fakes;

internal sealed class RecordingHealthTracker : IInstanceHealthTracker
{
    public ConcurrentDictionary<Guid, IReadOnlyList<PatroniMemberEndpoint>> Tracked { get; } = new();

    public void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints) => Tracked[desired.InstanceId] = endpoints;

    public void Untrack(Guid instanceId) => Tracked.TryRemove(instanceId, out _);
}
