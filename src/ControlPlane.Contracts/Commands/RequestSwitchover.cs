namespace ControlPlane.Contracts.Commands;

/// <summary>v1. A planned change of leader asked for through the API; <see cref="TargetMember"/> null lets Patroni choose.</summary>
public sealed record RequestSwitchover(
    Guid InstanceId,
    Guid OrganizationId,
    string Region,
    Guid OperationId,
    string? TargetMember,
    DateTimeOffset RequestedAt);
