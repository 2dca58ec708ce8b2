namespace ControlPlane.Contracts.Events;

/// <summary>
/// v1. Whether the primary's WAL reaches the archive, and the times a restore can reach, as the owning worker last saw
/// them. Sent periodically and at once when <see cref="Healthy"/> or <see cref="Reason"/> changes. <see cref="Reason"/> is a
/// code (Archiving, ArchiveCommandFailing, ArchiveLagging, NoPrimary); <see cref="Message"/> is for people. The window is
/// null until the instance has a backup to restore from.
/// </summary>
public sealed record InstanceArchivingReported(
    Guid InstanceId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    bool Healthy,
    string Reason,
    string Message,
    DateTimeOffset? LastArchivedAt,
    DateTimeOffset? RecoveryWindowEarliest,
    DateTimeOffset? RecoveryWindowLatest) : IInstanceEvent;
