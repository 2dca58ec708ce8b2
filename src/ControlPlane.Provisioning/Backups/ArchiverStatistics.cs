namespace ControlPlane.Provisioning.Backups;

/// <summary>
/// A primary's <c>pg_stat_archiver</c> row, plus the WAL segments still waiting to be archived
/// (<c>.ready</c> files in <c>pg_wal/archive_status</c>): the backlog that grows while archiving fails.
/// </summary>
public sealed record ArchiverStatistics(
    long ArchivedCount,
    string? LastArchivedWal,
    DateTimeOffset? LastArchivedAt,
    long FailedCount,
    string? LastFailedWal,
    DateTimeOffset? LastFailedAt,
    int PendingSegments);
