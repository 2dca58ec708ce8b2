namespace ControlPlane.Api.Instances;

/// <param name="TargetMember">The member to promote; omitted lets Patroni choose (the synchronous standby in synchronous mode).</param>
public sealed record SwitchoverRequest(string? TargetMember);
