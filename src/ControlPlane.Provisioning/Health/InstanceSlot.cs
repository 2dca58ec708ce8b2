namespace ControlPlane.Provisioning.Health;

/// <summary>The detector's per-instance state, behind a gate so sources reporting at once are handled one by one.</summary>
internal sealed class InstanceSlot
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public LeaderTracker Leader { get; } = new();

    public static InstanceSlot StartingFrom(LeaderSighting? leader)
    {
        var slot = new InstanceSlot();
        if (leader is not null)
        {
            slot.Leader.Seed(leader);
        }

        return slot;
    }

    public HealthFingerprint? LastHealth { get; set; }

    public long LastHealthGeneration { get; set; }

    public DateTimeOffset LastHealthAt { get; set; }

    /// <summary>
    /// A leader change seen but not published yet: with dataDurability required a commit succeeds only once a
    /// synchronous standby is attached to the new leader, so that is when the outage ends.
    /// </summary>
    public PendingLeaderChange? Pending { get; set; }
}
