namespace ControlPlane.Domain.Instances;

public sealed record HighAvailabilitySpec(bool Enabled, int Replicas, ReplicationMode ReplicationMode, DataDurability DataDurability)
{
    public const int RecommendedReplicas = 2;
    public const int MaxReplicas = 2;

    public static HighAvailabilitySpec Off { get; } = new(false, 0, ReplicationMode.Synchronous, DataDurability.Preferred);

    /// <summary>The product's default for a new instance: two synchronous replicas, durability preferred.</summary>
    public static HighAvailabilitySpec Recommended { get; } = new(true, RecommendedReplicas, ReplicationMode.Synchronous, DataDurability.Preferred);

    /// <summary>Members = the primary plus its replicas.</summary>
    public int Members => 1 + (Enabled ? Replicas : 0);

    public bool Synchronous => Enabled && ReplicationMode == ReplicationMode.Synchronous;

    public bool Strict => Synchronous && DataDurability == DataDurability.Required;
}
