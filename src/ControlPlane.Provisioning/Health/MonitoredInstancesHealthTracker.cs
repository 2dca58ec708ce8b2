using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Reconciliation;

namespace ControlPlane.Provisioning.Health;

/// <summary>Lets the reconciler hand provisioned instances to the health monitor without depending on it.</summary>
public sealed class MonitoredInstancesHealthTracker(IMonitoredInstances monitored) : IInstanceHealthTracker
{
    public void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints) => monitored.Track(desired, endpoints);

    public void Untrack(Guid instanceId) => monitored.Untrack(instanceId);
}
