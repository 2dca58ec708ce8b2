using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.Ownership;

namespace ControlPlane.Provisioning.Tests.Support;

/// <summary>One worker that owns every instance under one epoch.</summary>
public sealed class OwnsEverything : IInstanceOwnership
{
    public string WorkerId => "test-worker";

    public InstanceLease? TryGet(Guid instanceId) =>
        new(instanceId, InstanceShards.Of(instanceId), EventSequence.FirstEpoch, () => true, CancellationToken.None);

    public IReadOnlyCollection<int> OwnedShards() => [.. Enumerable.Range(0, InstanceShards.Count)];
}
