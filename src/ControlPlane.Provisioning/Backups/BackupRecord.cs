namespace ControlPlane.Provisioning.Backups;

/// <summary>
/// One backup as the engine reports it. <paramref name="Id"/> is the engine's own name for it (pgBackRest's label,
/// e.g. <c>20261206-213000F</c>), stable for as long as the backup exists. Sizes are bytes; the WAL and LSN range is
/// what a restore of this backup alone needs.
/// </summary>
public sealed record BackupRecord(
    string Id,
    BackupKind Kind,
    BackupStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? WalStart,
    string? WalStop,
    string? LsnStart,
    string? LsnStop,
    long? SizeBytes,
    long? RepositorySizeBytes,
    string? Error);
