using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// The reconciler's view of the health monitor: which instances to watch and where their Patroni APIs are.
/// Kept narrow so the reconciler does not depend on how health is monitored.
/// </summary>
public interface IInstanceHealthTracker
{
    /// <param name="leader">The leader the pass saw serving, when it knows one.</param>
    void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints, LeaderSighting? leader = null);

    void Untrack(Guid instanceId);
}
