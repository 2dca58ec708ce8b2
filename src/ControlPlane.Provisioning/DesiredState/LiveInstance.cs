namespace ControlPlane.Provisioning.DesiredState;

/// <summary>A live instance of the region and its newest generation, without its spec: what an owner polls to notice changes.</summary>
public sealed record LiveInstance(Guid InstanceId, long Generation);
