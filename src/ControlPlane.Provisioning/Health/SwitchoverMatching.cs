namespace ControlPlane.Provisioning.Health;

/// <summary>
/// Whether a leader change answers a switchover request. The old leader is what counts: a switchover moves the leader
/// away from the one it was asked of, so a change from any other leader (a later failover, say) is not it. The new
/// leader is not checked: Patroni may promote another member than the candidate ("switched over to … instead of …").
/// Times are not compared either: the request's time is the API's clock.
/// </summary>
public static class SwitchoverMatching
{
    public static bool Answers(ExpectedSwitchover expected, string? oldLeader, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(expected);
        return expected.ExpiresAt > now
            && (expected.Leader is null || oldLeader is null || string.Equals(expected.Leader, oldLeader, StringComparison.Ordinal));
    }
}
