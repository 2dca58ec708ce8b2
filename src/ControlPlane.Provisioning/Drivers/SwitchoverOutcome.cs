namespace ControlPlane.Provisioning.Drivers;

/// <summary>Patroni's answer to a switchover. <see cref="Rejected"/> carries its reason, e.g. "candidate is not the sync standby".</summary>
public sealed record SwitchoverOutcome(bool Succeeded, string Message, bool Transient = false)
{
    public bool Rejected => !Succeeded && !Transient;

    /// <summary>
    /// Patroni refused because the leader is no longer the one the request named (its 412 "leader name does not
    /// match"): the leader has moved already, most likely by this very switchover asked for earlier, so this is no failure.
    /// </summary>
    public bool LeaderMoved { get; init; }
}
