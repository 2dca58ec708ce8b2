namespace ControlPlane.Provisioning.Health;

/// <param name="Leader">The leader the switchover moves away from, when known; a change from another leader does not answer it.</param>
public sealed record ExpectedSwitchover(Guid InstanceId, Guid OperationId, string? TargetMember, DateTimeOffset ExpiresAt)
{
    public string? Leader { get; init; }
}
