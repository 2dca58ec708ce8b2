using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// The reconciler's view of the health monitor: which instances to watch and where their Patroni APIs are.
/// Kept narrow so the reconciler does not depend on how health is monitored.
/// </summary>
public interface IInstanceHealthTracker
{
    void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints);

    void Untrack(Guid instanceId);
}
