namespace ControlPlane.Api.Instances;

/// <param name="Type">lifecycle, health, failover, switchover, switchover-failed, restart, drift, reconcile (the worker's passes started failing, or succeed again), backup-completed, backup-failed.</param>
public sealed record EventResponse(long Id, string Type, string Message, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, LeaderChangeResponse? LeaderChange);
