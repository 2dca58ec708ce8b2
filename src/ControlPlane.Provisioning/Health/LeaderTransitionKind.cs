namespace ControlPlane.Provisioning.Health;

internal enum LeaderTransitionKind
{
    /// <summary>No serving leader in the observation, or the same one as before.</summary>
    None,

    /// <summary>The first leader ever seen for the instance: where it started, not a failover.</summary>
    Baseline,

    /// <summary>Another source already recorded this change without a timeline; now the timeline is known.</summary>
    Confirmed,

    /// <summary>The true leader of the newest known timeline replaces a weaker (timeline-less) guess; nothing moved.</summary>
    Corrected,

    /// <summary>A view older than what is already known (an older timeline, or the old leader again right after a change).</summary>
    Stale,

    /// <summary>A different member now leads: publish one LeaderChanged.</summary>
    Changed,

    /// <summary>
    /// The same member leads on a newer timeline: its PostgreSQL crashed and Patroni promoted it again after crash
    /// recovery. Writes were down meanwhile, so it is published too, as a restart rather than a failover.
    /// </summary>
    Restarted,
}
