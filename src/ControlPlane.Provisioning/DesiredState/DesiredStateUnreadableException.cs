namespace ControlPlane.Provisioning.DesiredState;

/// <summary>
/// The row of one instance is there but the worker cannot use it (its credentials do not decrypt with this worker's
/// key ring). It concerns that instance alone: the reconciler marks it with <see cref="Reason"/> and the others go on.
/// </summary>
public sealed class DesiredStateUnreadableException(Guid instanceId, long generation, string reason, string message, Exception innerException)
    : Exception(message, innerException)
{
    public Guid InstanceId { get; } = instanceId;

    public long Generation { get; } = generation;

    public string Reason { get; } = reason;
}
