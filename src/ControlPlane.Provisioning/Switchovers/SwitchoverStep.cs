namespace ControlPlane.Provisioning.Switchovers;

/// <summary>What the owner's pass does about the switchover operation in the view.</summary>
public enum SwitchoverStep
{
    /// <summary>No switchover is running, or the instance is not ready for one yet (the next pass looks again).</summary>
    Nothing,

    /// <summary>This process already asked Patroni; the failover detector completes the operation when it sees the change.</summary>
    AlreadyAsked,

    /// <summary>The leader is no longer the one the request was asked of: asking again would move it a second time.</summary>
    LeaderMoved,

    /// <summary>The instance cannot switch over at all (no replica, being deleted): the operation fails.</summary>
    Refuse,

    /// <summary>Ask Patroni, naming the leader the request was asked of.</summary>
    Ask,
}
