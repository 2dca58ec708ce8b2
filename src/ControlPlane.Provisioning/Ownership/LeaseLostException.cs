namespace ControlPlane.Provisioning.Ownership;

/// <summary>Thrown before a side effect when this worker no longer owns the instance: the step is not taken.</summary>
public sealed class LeaseLostException(Guid instanceId)
    : Exception($"This worker no longer holds the lease of instance {instanceId}; it makes no further change to it.")
{
    public Guid InstanceId { get; } = instanceId;
}
