namespace ControlPlane.Api.Instances;

/// <param name="DetectedAt">When the old primary was first seen lost.</param>
/// <param name="DowntimeSeconds">From <paramref name="DetectedAt"/> to the new primary serving writes, once known.</param>
/// <param name="PromotedWasSynchronous">True when the promoted member was the synchronous standby: no committed write was lost.</param>
public sealed record LeaderChangeResponse(
    string? OldPrimary,
    string NewPrimary,
    int? Timeline,
    DateTimeOffset? DetectedAt,
    DateTimeOffset NewPrimaryReadyAt,
    double? DowntimeSeconds,
    long? LastSeenLagBytes,
    bool PromotedWasSynchronous,
    Guid? OperationId);
