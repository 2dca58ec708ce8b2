namespace ControlPlane.Provisioning.Health;

/// <summary>What one observation means for the instance's leader, judged against what was known before it.</summary>
internal sealed record LeaderTransition(
    LeaderTransitionKind Kind,
    MemberObservation? Candidate,
    string? OldLeader = null,
    DateTimeOffset? PrimaryLostAt = null,
    long? LastSeenLagBytes = null,
    bool PromotedWasSynchronous = false)
{
    public static LeaderTransition None { get; } = new(LeaderTransitionKind.None, null);
}
