namespace ControlPlane.Api.Backups;

/// <param name="Id">The control plane's id of the backup.</param>
/// <param name="Kind">full, differential or incremental.</param>
/// <param name="Status">running, completed, completedwitherrors (the engine found damaged pages while copying) or failed.</param>
/// <param name="EngineBackupId">The backup engine's own name for it (pgBackRest's label), once it exists.</param>
/// <param name="OperationId">The operation that asked for it; null for a backup the control plane took on its own.</param>
/// <param name="WalStart">The first WAL segment a restore of this backup needs.</param>
/// <param name="WalStop">The last WAL segment a restore of this backup needs to reach a consistent point.</param>
/// <param name="SizeBytes">The size of the database it copied.</param>
/// <param name="Error">Why it failed, or the damage it found; null otherwise.</param>
public sealed record BackupResponse(
    Guid Id,
    string Kind,
    string Status,
    string? EngineBackupId,
    Guid? OperationId,
    DateTimeOffset RequestedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? WalStart,
    string? WalStop,
    string? LsnStart,
    string? LsnStop,
    long? SizeBytes,
    long? RepositorySizeBytes,
    string? Error);
