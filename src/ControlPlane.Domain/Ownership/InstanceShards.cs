namespace ControlPlane.Domain.Ownership;

/// <summary>
/// Instances are owned by shard, not one by one: a worker renews one lease row per shard it holds, however many
/// instances the shard holds, and the API finds an instance's fencing epoch by computing its shard. The count is fixed
/// (changing it would move every instance at once): 64 spreads evenly over a handful of workers.
/// </summary>
public static class InstanceShards
{
    public const int Count = 64;

    /// <summary>FNV-1a over the id's bytes: stable across processes and versions, unlike Guid.GetHashCode, and even
    /// for version-7 ids, whose leading bytes are a timestamp.</summary>
    public static int Of(Guid instanceId)
    {
        Span<byte> bytes = stackalloc byte[16];
        instanceId.TryWriteBytes(bytes);
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % Count);
    }
}
