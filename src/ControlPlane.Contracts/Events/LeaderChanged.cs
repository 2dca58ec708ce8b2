namespace ControlPlane.Contracts.Events;

/// <summary>
/// v1. The leader moved. <see cref="Kind"/> is "failover" (nobody asked) or "switchover" (the API asked,
/// <see cref="OperationId"/> set), or "restart": the same member leads again on a newer timeline after its PostgreSQL
/// crashed (<see cref="OldPrimary"/> equals <see cref="NewPrimary"/>). Recorded once per (instance, new timeline),
/// whichever source saw it first. <see cref="PrimaryLostAt"/> is the last moment the old leader was seen serving;
/// <see cref="NewPrimaryReadyAt"/> the first moment a commit could succeed again (with dataDurability required, once a
/// synchronous standby streams from the new leader), so <see cref="Downtime"/> is what clients lived through.
/// </summary>
public sealed record LeaderChanged(
    Guid InstanceId,
    Guid? OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Kind,
    string? OldPrimary,
    string NewPrimary,
    int? NewTimeline,
    DateTimeOffset? PrimaryLostAt,
    DateTimeOffset NewPrimaryReadyAt,
    long? LastSeenLagBytes,
    bool PromotedWasSynchronous,
    string Source) : IInstanceEvent
{
    public const string Failover = "failover";
    public const string Switchover = "switchover";
    public const string Restart = "restart";

    /// <summary>Time writes were impossible, once both ends are known.</summary>
    public TimeSpan? Downtime => PrimaryLostAt is { } lost ? NewPrimaryReadyAt - lost : null;
}
