namespace ControlPlane.Persistence.Entities;

/// <summary>The worker's last archiving report; <see cref="ReportedAt"/> is the worker's clock, to drop an older report that arrives late.</summary>
public sealed record ObservedArchiving(bool Healthy, string Reason, string Message, DateTimeOffset? LastArchivedAt, DateTimeOffset ReportedAt);
