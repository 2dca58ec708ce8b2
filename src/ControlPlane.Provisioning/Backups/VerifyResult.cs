namespace ControlPlane.Provisioning.Backups;

/// <summary>The outcome of restoring one backup off to the side and querying it.</summary>
public sealed record VerifyResult(string BackupId, bool Succeeded, string? Reason, TimeSpan Duration);
