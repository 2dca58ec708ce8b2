namespace ControlPlane.Provisioning.Health;

/// <summary>
/// Where the detector of a worker that starts following an instance begins when no switchover runs: from the primary the
/// control plane last recorded, if the first pass sees another one. A leader killed while no worker watched (its owner
/// died a moment before, and the takeover took one lease period) is then still seen as a leader change and recorded as
/// a failover, instead of the new leader becoming the new owner's starting point. A repeat of a change already
/// recorded is harmless: the control plane records one leader change per timeline.
/// </summary>
public static class TakeoverBaseline
{
    public static LeaderSighting? For(LeaderSighting? recorded, LeaderSighting? seen) =>
        recorded is not null && seen is not null && !string.Equals(seen.Member, recorded.Member, StringComparison.Ordinal)
            ? new LeaderSighting(recorded.Member, recorded.SeenAt > DateTimeOffset.MinValue && recorded.SeenAt < seen.SeenAt ? recorded.SeenAt : seen.SeenAt)
            : seen;
}
