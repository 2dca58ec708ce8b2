using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Reconciliation;

namespace ControlPlane.Provisioning.Health;

/// <summary>Lets the reconciler hand provisioned instances to the health monitor without depending on it.</summary>
public sealed class MonitoredInstancesHealthTracker(IMonitoredInstances monitored) : IInstanceHealthTracker
{
    public void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints, LeaderSighting? leader = null) =>
        monitored.Track(desired, endpoints, leader);

    public void Untrack(Guid instanceId) => monitored.Untrack(instanceId);
}
