namespace ControlPlane.Contracts.Events;

/// <summary>
/// v1. A backup the engine finished. <see cref="BackupId"/> is the engine's own name for it (pgBackRest's label);
/// <see cref="Status"/> is "completed", or "completedwitherrors" when the engine found damage (<see cref="Error"/> says what).
/// The WAL and LSN range is what a restore of this backup alone needs.
/// </summary>
public sealed record BackupCompleted(
    Guid InstanceId,
    Guid? OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Engine,
    string BackupId,
    string Kind,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? WalStart,
    string? WalStop,
    string? LsnStart,
    string? LsnStop,
    long? SizeBytes,
    long? RepositorySizeBytes,
    string? Error) : IInstanceEvent;
