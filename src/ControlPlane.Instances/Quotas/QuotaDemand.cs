using ControlPlane.Domain.Instances;

namespace ControlPlane.Instances.Quotas;

/// <summary>What a change adds to an organisation's usage: instances, and gigabytes of volume over all members.</summary>
public sealed record QuotaDemand(int Instances, long StorageGb)
{
    public bool IsGrowth => Instances > 0 || StorageGb > 0;

    public static QuotaDemand Create(InstanceSpec spec) => new(1, Volume(spec));

    public static QuotaDemand Change(InstanceSpec current, InstanceSpec next) => new(0, Volume(next) - Volume(current));

    /// <summary>Every member keeps its own copy of the data.</summary>
    public static long Volume(InstanceSpec spec) => (long)spec.StorageGb * spec.HighAvailability.Members;
}
