namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// Which live worker should own each shard. Every worker computes this from the same rows, so they agree without
/// talking: each worker's quota is an even share (the first workers in id order take one more when it does not divide),
/// current holders keep their shards up to their quota (a newcomer takes only what others give up), and free or
/// surplus shards go to the workers furthest below their quota.
/// </summary>
public static class ShardAssignment
{
    public static IReadOnlyDictionary<int, string> Assign(
        int shardCount, IReadOnlyCollection<string> liveWorkers, IReadOnlyDictionary<int, string> liveHolders)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        var workers = liveWorkers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var target = new Dictionary<int, string>();
        if (workers.Count == 0)
        {
            return target;
        }

        var left = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < workers.Count; i++)
        {
            left[workers[i]] = (shardCount / workers.Count) + (i < shardCount % workers.Count ? 1 : 0);
        }

        for (var shard = 0; shard < shardCount; shard++)
        {
            if (liveHolders.TryGetValue(shard, out var holder) && left.TryGetValue(holder, out var quota) && quota > 0)
            {
                target[shard] = holder;
                left[holder] = quota - 1;
            }
        }

        for (var shard = 0; shard < shardCount; shard++)
        {
            if (target.ContainsKey(shard))
            {
                continue;
            }

            // Ties go to the first in id order: deterministic, so every worker computes the same owner.
            var worker = workers.MaxBy(w => left[w])!;
            target[shard] = worker;
            left[worker]--;
        }

        return target;
    }
}
