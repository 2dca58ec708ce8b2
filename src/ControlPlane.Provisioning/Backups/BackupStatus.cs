namespace ControlPlane.Provisioning.Backups;

public enum BackupStatus
{
    Completed,

    /// <summary>Finished, but the engine found damage while copying (pgBackRest: page checksum errors).</summary>
    CompletedWithErrors,

    /// <summary>The run did not produce a backup; <see cref="BackupRecord.Error"/> says why.</summary>
    Failed,
}
