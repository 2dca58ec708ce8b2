using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>
/// The worker's narrow, read-only window on the metadata database: the newest desired spec of an instance.
/// The worker never writes there; it reports back through events.
/// </summary>
public interface IDesiredStateReader
{
    /// <summary>The instance as now desired, or null when the control plane has no such instance.</summary>
    Task<DesiredInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>Every instance of the region that is not deleted yet (those being deleted included, with Deleted = true).</summary>
    IAsyncEnumerable<DesiredInstance> ListLiveAsync(string region, CancellationToken cancellationToken);
}
