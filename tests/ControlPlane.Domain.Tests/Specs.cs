using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Plans;

namespace ControlPlane.Domain.Tests;

/// <summary>Builders for specs, so each test states only what it is about.</summary>
internal static class Specs
{
    public static readonly PlanCatalog Plans = new(PlanCatalog.Defaults);
    public static readonly int[] Versions = [15, 16, 17];

    public static HighAvailabilitySpec Ha(int replicas = 2, ReplicationMode mode = ReplicationMode.Synchronous, DataDurability durability = DataDurability.Preferred) =>
        new(true, replicas, mode, durability);

    public static InstanceSpec Valid(string plan = "small", int version = 16, int storageGb = 20, HighAvailabilitySpec? ha = null) =>
        new(plan, version, storageGb, ha ?? Ha());
}
