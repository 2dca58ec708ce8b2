using System.Collections.Concurrent;
using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.Ownership;

namespace ControlPlane.Testing.Provisioning;

/// <summary>Owns every instance unless told otherwise; <see cref="TakeAway"/> plays a takeover by another worker.</summary>
public sealed class FakeOwnership : IInstanceOwnership
{
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _tokens = new();

    public ConcurrentDictionary<Guid, bool> HeldElsewhere { get; } = new();

    public long Epoch { get; set; } = EventSequence.FirstEpoch;

    public string WorkerId => "test-worker";

    public InstanceLease? TryGet(Guid instanceId) =>
        HeldElsewhere.ContainsKey(instanceId)
            ? null
            : new InstanceLease(instanceId, InstanceShards.Of(instanceId), Epoch, () => !HeldElsewhere.ContainsKey(instanceId),
                _tokens.GetOrAdd(instanceId, _ => new CancellationTokenSource()).Token);

    /// <summary>Another worker owns the instance from now on: leases handed out before are void at once.</summary>
    public void TakeAway(Guid instanceId)
    {
        HeldElsewhere[instanceId] = true;
        if (_tokens.TryRemove(instanceId, out var source))
        {
            source.Cancel();
        }
    }

    public void GiveBack(Guid instanceId, long epoch)
    {
        Epoch = epoch;
        HeldElsewhere.TryRemove(instanceId, out _);
    }

    public IReadOnlyCollection<int> OwnedShards() => [.. Enumerable.Range(0, InstanceShards.Count)];
}
