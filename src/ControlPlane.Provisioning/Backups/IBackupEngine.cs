using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Backups;

/// <summary>
/// Backups, the WAL archive and restore checks of the instances a driver runs, whatever engine keeps them
/// (pgBackRest on the local driver). Continuous archiving itself is the driver's: every instance archives from
/// whichever member is primary, and a restore is a new instance whose <see cref="DesiredInstance.Source"/> is set.
/// Methods taking only an instance id also work after the instance was deleted, for as long as its backups are kept.
/// </summary>
public interface IBackupEngine
{
    string Name { get; }

    /// <summary>Takes a backup of the running instance from its current primary; one at a time per instance.</summary>
    Task<BackupResult> BackupAsync(DesiredInstance instance, BackupKind kind, CancellationToken cancellationToken);

    /// <summary>The instance's backups, oldest first; empty when it has none (or never archived).</summary>
    Task<IReadOnlyList<BackupRecord>> ListAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>The times a restore can reach, or null without a backup to start from.</summary>
    Task<RecoveryWindow?> GetRecoveryWindowAsync(Guid instanceId, CancellationToken cancellationToken);

    /// <summary>Whether the current primary's WAL reaches the archive, from its archiver statistics.</summary>
    Task<ArchivingStatus> GetArchivingStatusAsync(DesiredInstance instance, CancellationToken cancellationToken);

    /// <summary>Removes backups (and the WAL only they need) older than the retention; returns the ids removed.</summary>
    Task<IReadOnlyList<string>> ExpireAsync(Guid instanceId, int retentionDays, CancellationToken cancellationToken);

    /// <summary>Restores one backup off to the side, replays WAL to a consistent point, queries it and removes it.</summary>
    Task<VerifyResult> VerifyAsync(Guid instanceId, string backupId, CancellationToken cancellationToken);

    /// <summary>Removes every backup and archived WAL of a deleted instance (its retention ran out); true once nothing is left.</summary>
    Task<bool> PurgeAsync(Guid instanceId, CancellationToken cancellationToken);
}
