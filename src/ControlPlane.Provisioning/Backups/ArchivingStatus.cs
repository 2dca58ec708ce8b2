namespace ControlPlane.Provisioning.Backups;

/// <summary>
/// Whether the primary's WAL reaches the archive (the <c>Archiving</c> condition): <paramref name="Healthy"/> false
/// carries a machine-readable <paramref name="Reason"/> (<see cref="ArchivingReasons"/>) and a sentence for people.
/// </summary>
public sealed record ArchivingStatus(
    bool Healthy,
    string Reason,
    string Message,
    DateTimeOffset? LastArchivedAt,
    string? LastArchivedWal,
    DateTimeOffset? LastFailedAt,
    string? LastFailedWal,
    long FailedCount,
    int PendingSegments);
