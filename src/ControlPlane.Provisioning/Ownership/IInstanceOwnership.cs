namespace ControlPlane.Provisioning.Ownership;

/// <summary>Which instances this worker owns now. Everything that acts on an instance asks here first.</summary>
public interface IInstanceOwnership
{
    string WorkerId { get; }

    /// <summary>This worker's lease on the instance, or null when another worker (or none) owns it now.</summary>
    InstanceLease? TryGet(Guid instanceId);

    /// <summary>The shards whose leases this worker holds and considers valid now.</summary>
    IReadOnlyCollection<int> OwnedShards();
}
