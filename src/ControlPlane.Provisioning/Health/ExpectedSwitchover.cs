namespace ControlPlane.Provisioning.Health;

public sealed record ExpectedSwitchover(Guid InstanceId, Guid OperationId, string? TargetMember, DateTimeOffset ExpiresAt);
