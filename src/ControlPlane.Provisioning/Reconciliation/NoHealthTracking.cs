using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>Used until a health monitor is registered; the reconciler works without one.</summary>
public sealed class NoHealthTracking : IInstanceHealthTracker
{
    public void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints)
    {
    }

    public void Untrack(Guid instanceId)
    {
    }
}
