namespace ControlPlane.Provisioning.Backups;

/// <summary>The outcome of one backup run: the new backup, or why there is none.</summary>
public sealed record BackupResult(BackupRecord? Backup, string? Error, TimeSpan Duration)
{
    public bool Succeeded => Backup is not null;
}
