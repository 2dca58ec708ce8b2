namespace ControlPlane.Contracts.Commands;

/// <summary>
/// v1. A level-triggered nudge: "make instance <see cref="InstanceId"/> match its newest desired spec".
/// The worker re-reads the spec through its read-only path, so a lost, repeated or reordered command
/// costs latency, never correctness. Carries no secret.
/// </summary>
public sealed record ReconcileInstance(
    Guid InstanceId,
    Guid OrganizationId,
    string Region,
    long Generation,
    Guid OperationId,
    string OperationType,
    DateTimeOffset RequestedAt);
