using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>
/// The worker's narrow, read-only window on the metadata database: the newest desired spec of an instance.
/// The worker never writes there; it reports back through events.
/// </summary>
public interface IDesiredStateReader
{
    /// <summary>
    /// The instance as now desired, or null when the control plane has no such instance. Throws
    /// <see cref="DesiredStateUnreadableException"/> when its row is there but cannot be used (credentials that do not decrypt).
    /// </summary>
    Task<DesiredInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// The switchover operation pending or running on the instance, if any: what <see cref="DesiredInstance.Switchover"/>
    /// holds, without decrypting anything. The failover detector asks when it sees a leader change.
    /// </summary>
    Task<PendingSwitchover?> GetPendingSwitchoverAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>
    /// The ids of every instance of the region that is not deleted yet (those being deleted included). Ids only, nothing
    /// decrypted: one row the worker cannot read must not stop the resync of the others, and the reconciler re-reads each.
    /// </summary>
    IAsyncEnumerable<Guid> ListLiveIdsAsync(string region, CancellationToken cancellationToken);

    /// <summary>Like <see cref="ListLiveIdsAsync"/>, with each instance's generation.</summary>
    IAsyncEnumerable<LiveInstance> ListLiveAsync(string region, CancellationToken cancellationToken);
}
