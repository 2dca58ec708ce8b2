namespace ControlPlane.Provisioning.Health;

/// <summary>The last leader change recorded for an instance, kept to deduplicate what the other source reports later.</summary>
internal sealed record LeaderChangeRecord(string? OldLeader, string NewLeader, int? Timeline, DateTimeOffset At);
