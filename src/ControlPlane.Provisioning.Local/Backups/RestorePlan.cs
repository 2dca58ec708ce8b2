namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>
/// How a restored instance's first member is bootstrapped, decided once before it first starts and kept in its state:
/// the source's stanza, the time to replay to (null: to the end of the archive) and the backup set to start from (null: the
/// newest, which is what a restore to the end of the archive uses).
/// </summary>
public sealed record RestorePlan(string SourceStanza, DateTimeOffset? TargetTime, string? BackupSet = null);
