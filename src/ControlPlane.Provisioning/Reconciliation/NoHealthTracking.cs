using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>Used until a health monitor is registered; the reconciler works without one.</summary>
public sealed class NoHealthTracking : IInstanceHealthTracker
{
    public void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints, LeaderSighting? leader = null)
    {
    }

    public void Untrack(Guid instanceId)
    {
    }
}
