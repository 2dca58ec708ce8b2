namespace ControlPlane.Domain.Backups;

/// <summary>What a backup holds: everything, the changes since the last full one, or since the last backup of any kind.</summary>
public enum BackupKind
{
    Full,
    Differential,
    Incremental,
}
