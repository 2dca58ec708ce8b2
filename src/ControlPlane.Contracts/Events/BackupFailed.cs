namespace ControlPlane.Contracts.Events;

/// <summary>v1. A backup run produced no backup; <see cref="Reason"/> is the engine's error, with secrets scrubbed.</summary>
public sealed record BackupFailed(
    Guid InstanceId,
    Guid? OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Kind,
    DateTimeOffset StartedAt,
    string Reason) : IInstanceEvent;
