using System.Collections.Concurrent;
using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.Ownership;

namespace ControlPlane.Provisioning.Events;

/// <summary>
/// Sequence = lease epoch and a per-instance counter (<see cref="EventSequence"/>). Only the lease holder counts for an
/// epoch, so no clock and no shared state is needed: a new owner's epoch is higher, and its counter starts again.
/// </summary>
public sealed class LeaseEventSequencer(IInstanceOwnership ownership) : IEventSequencer
{
    private readonly ConcurrentDictionary<Guid, Counter> _counters = new();

    public long Next(Guid instanceId) => Next(ownership.TryGet(instanceId) ?? throw new LeaseLostException(instanceId));

    public long Next(InstanceLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lease.ThrowIfLost();
        var counter = _counters.AddOrUpdate(
            lease.InstanceId,
            _ => new Counter(lease.Epoch, 1),
            (_, last) => last.Epoch == lease.Epoch ? last with { Value = last.Value + 1 }
                : last.Epoch < lease.Epoch ? new Counter(lease.Epoch, 1)
                : throw new LeaseLostException(lease.InstanceId));
        return EventSequence.Compose(counter.Epoch, counter.Value);
    }

    private sealed record Counter(long Epoch, long Value);
}
