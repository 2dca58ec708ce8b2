namespace ControlPlane.Contracts.Events;

/// <summary>
/// v1. The worker's passes over the instance keep failing (or its desired state cannot be read), so nothing converges
/// until the cause goes away. Published when the trouble starts and whenever its message changes, not on every retry.
/// <see cref="Reason"/> is a code (e.g. ReconcileFailing, CredentialsUnreadable); <see cref="Message"/> is the last error
/// with secrets scrubbed, written for the customer to read. <see cref="ObservedGeneration"/> is the generation the
/// worker was trying to apply (0 when it could not even read it).
/// </summary>
public sealed record InstanceReconcileFailing(
    Guid InstanceId,
    Guid? OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Reason,
    string Message,
    DateTimeOffset FailingSince,
    int Failures) : IInstanceEvent
{
    public const string ReconcileFailing = "ReconcileFailing";
    public const string CredentialsUnreadable = "CredentialsUnreadable";
}
