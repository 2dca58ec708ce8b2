namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>
/// How a restored instance's first member is bootstrapped, decided once before it first starts and kept in its state:
/// the source's stanza and the time to replay to (null: to the end of the archive).
/// </summary>
public sealed record RestorePlan(string SourceStanza, DateTimeOffset? TargetTime);
