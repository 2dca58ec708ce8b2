using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.Ownership;

namespace ControlPlane.Provisioning.Local.Tests;

/// <summary>One worker that owns every instance (the supervisor acts only on owned ones); <see cref="Disowned"/> plays another owner.</summary>
public sealed class OwnsEverything : IInstanceOwnership
{
    public HashSet<Guid> Disowned { get; } = [];

    public string WorkerId => "test-worker";

    public InstanceLease? TryGet(Guid instanceId) =>
        Disowned.Contains(instanceId)
            ? null
            : new(instanceId, InstanceShards.Of(instanceId), EventSequence.FirstEpoch, () => !Disowned.Contains(instanceId), CancellationToken.None);

    public IReadOnlyCollection<int> OwnedShards() => [.. Enumerable.Range(0, InstanceShards.Count)];
}
