using ControlPlane.Domain.Ownership;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Recording;

/// <summary>
/// Refuses the events of a worker that no longer owns the instance: an event sent under an epoch older than the current
/// lease of the instance's shard comes from a holder that lost it (frozen, cut off, or handed the shard over), and what it
/// reports may contradict what the new owner sees. Workers stop acting on their own when their lease runs out; this is
/// the part that does not rely on them doing so.
/// </summary>
internal static class OwnershipFence
{
    public static async Task<bool> IsFencedAsync(this ControlPlaneDbContext db, Instance instance, long sequence, CancellationToken cancellationToken)
    {
        var shard = InstanceShards.Of(instance.Id);
        var current = await db.ShardLeases
            .Where(l => l.Region == instance.Region && l.Shard == shard)
            .Select(l => (long?)l.Epoch)
            .SingleOrDefaultAsync(cancellationToken);
        return current is { } epoch && EventSequence.EpochOf(sequence) < epoch;
    }
}
