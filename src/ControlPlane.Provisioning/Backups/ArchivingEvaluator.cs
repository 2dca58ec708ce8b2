namespace ControlPlane.Provisioning.Backups;

/// <summary>
/// Turns a primary's archiver statistics into the <c>Archiving</c> condition. The command is failing when its last
/// failure is newer than its last success (PostgreSQL retries the same segment until it succeeds, so one success
/// after failures means it recovered). A backlog above the threshold is reported even while the command succeeds:
/// WAL waiting in pg_wal fills the disk just the same.
/// </summary>
public static class ArchivingEvaluator
{
    public static ArchivingStatus Evaluate(ArchiverStatistics statistics, int pendingSegmentsThreshold)
    {
        var failing = statistics.LastFailedAt is { } failedAt && (statistics.LastArchivedAt is not { } archivedAt || failedAt > archivedAt);
        if (failing)
        {
            var since = statistics.LastArchivedAt is { } last ? $"last success at {last:O}" : "no WAL archived yet";
            return Status(
                false,
                ArchivingReasons.CommandFailing,
                $"archive_command is failing: {statistics.LastFailedWal} failed at {statistics.LastFailedAt:O} ({statistics.FailedCount} failures, {since}); "
                + $"{statistics.PendingSegments} WAL segment(s) are waiting in pg_wal");
        }

        if (statistics.PendingSegments > pendingSegmentsThreshold)
        {
            return Status(
                false,
                ArchivingReasons.Lagging,
                $"{statistics.PendingSegments} WAL segments wait to be archived (threshold {pendingSegmentsThreshold}); last archived {statistics.LastArchivedWal} at {statistics.LastArchivedAt:O}");
        }

        return Status(true, ArchivingReasons.Archiving, statistics.LastArchivedAt is { } at
            ? $"WAL is archived; last segment {statistics.LastArchivedWal} at {at:O}"
            : "archiving is on; no WAL segment has been completed yet");

        ArchivingStatus Status(bool healthy, string reason, string message) => new(
            healthy, reason, message, statistics.LastArchivedAt, statistics.LastArchivedWal, statistics.LastFailedAt, statistics.LastFailedWal,
            statistics.FailedCount, statistics.PendingSegments);
    }
}
