namespace ControlPlane.Domain.Instances;

/// <summary>
/// What a request says about high availability. A field it leaves out keeps the current value, or on a new instance
/// takes the product's default (<see cref="HighAvailabilitySpec.Recommended"/>); replicas follow <see cref="Enabled"/>
/// (0 when off, the current or recommended count when on), and leaving synchronous replication without naming a
/// durability drops a required one, which would be a contradiction.
/// </summary>
public sealed record HighAvailabilityChange(bool? Enabled, int? Replicas, ReplicationMode? ReplicationMode, DataDurability? DataDurability)
{
    /// <param name="change">Null when the request says nothing about high availability.</param>
    /// <param name="current">Null for a new instance.</param>
    public static HighAvailabilitySpec Resolve(HighAvailabilityChange? change, HighAvailabilitySpec? current)
    {
        if (change is null)
        {
            return current ?? HighAvailabilitySpec.Recommended;
        }

        var enabled = change.Enabled ?? current?.Enabled ?? true;
        var replicas = change.Replicas ?? (enabled
            ? current is { Enabled: true } ? current.Replicas : HighAvailabilitySpec.RecommendedReplicas
            : 0);
        var mode = change.ReplicationMode ?? current?.ReplicationMode ?? Instances.ReplicationMode.Synchronous;
        var durability = change.DataDurability
            ?? (mode == Instances.ReplicationMode.Asynchronous ? Instances.DataDurability.Preferred : current?.DataDurability ?? Instances.DataDurability.Preferred);
        return new HighAvailabilitySpec(enabled, replicas, mode, durability);
    }
}
