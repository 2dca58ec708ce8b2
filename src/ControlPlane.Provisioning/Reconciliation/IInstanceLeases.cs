namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>Makes sure only one worker process reconciles an instance at a time.</summary>
public interface IInstanceLeases
{
    /// <summary>The lease, held until disposed; null when another worker holds it now.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(Guid instanceId, CancellationToken cancellationToken);
}
