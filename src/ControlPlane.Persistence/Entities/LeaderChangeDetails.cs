namespace ControlPlane.Persistence.Entities;

public sealed record LeaderChangeDetails(
    string? OldPrimary,
    string NewPrimary,
    int? Timeline,
    DateTimeOffset? DetectedAt,
    DateTimeOffset NewPrimaryReadyAt,
    double? DowntimeSeconds,
    long? LastSeenLagBytes,
    bool PromotedWasSynchronous,
    Guid? OperationId,
    string Source);
