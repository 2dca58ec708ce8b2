namespace ControlPlane.Domain.Backups;

/// <summary>A backup as the control plane records it: running until the worker reports how it ended.</summary>
public enum BackupStatus
{
    Running,
    Completed,

    /// <summary>Finished, but the engine found damage while copying (pgBackRest: page checksum errors).</summary>
    CompletedWithErrors,
    Failed,
}
