using System.Diagnostics.CodeAnalysis;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// The instances the health monitor and the failover detector follow. The reconciler tracks an instance once it is
/// provisioned (and again after every reconcile, which refreshes generation and endpoints) and untracks it on delete.
/// Observations of an untracked instance are ignored.
/// </summary>
public interface IMonitoredInstances
{
    void Track(Guid instanceId, MonitoredInstance info);

    /// <summary>Shorthand for the reconciler: the desired state plus <see cref="IInstanceDriver.GetPatroniEndpointsAsync"/>.</summary>
    void Track(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints, LeaderSighting? leader = null);

    void Untrack(Guid instanceId);

    bool TryGet(Guid instanceId, [MaybeNullWhen(false)] out MonitoredInstance info);

    IReadOnlyList<KeyValuePair<Guid, MonitoredInstance>> Snapshot();
}
