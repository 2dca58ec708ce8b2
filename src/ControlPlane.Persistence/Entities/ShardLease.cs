namespace ControlPlane.Persistence.Entities;

/// <summary>
/// Which worker owns a shard of a region's instances, until when (the database's clock), and under which epoch. The
/// worker role writes these rows (the only rows it writes); the epoch grows by one with every acquisition and fences
/// the events of earlier holders.
/// </summary>
public sealed class ShardLease
{
    public string Region { get; init; } = "";

    public int Shard { get; init; }

    public string Holder { get; init; } = "";

    public long Epoch { get; init; }

    public DateTimeOffset AcquiredAt { get; init; }

    public DateTimeOffset ExpiresAt { get; init; }
}
