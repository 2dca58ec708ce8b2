namespace ControlPlane.Contracts.Commands;

/// <summary>v1. An on-demand backup asked for through the API; <see cref="Kind"/> is full, differential or incremental.</summary>
public sealed record RequestBackup(
    Guid InstanceId,
    Guid OrganizationId,
    string Region,
    Guid OperationId,
    string Kind,
    DateTimeOffset RequestedAt);
