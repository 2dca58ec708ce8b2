using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Local.Tests;

/// <summary>Desired instances as the worker would hand them to the driver.</summary>
internal static class TestInstances
{
    public static DesiredInstance Desired(
        HighAvailabilitySpec ha, string name = "orders", Guid? id = null, int memoryMb = 2048, int postgresVersion = 15, InstanceCredentials? credentials = null) =>
        new(
            id ?? Guid.NewGuid(),
            Guid.NewGuid(),
            name,
            "local",
            1,
            new InstanceSpec(memoryMb == 2048 ? "small" : "medium", postgresVersion, 20, ha),
            new PlanResources(memoryMb == 2048 ? "small" : "medium", 1m, memoryMb),
            credentials ?? Credentials(),
            false);

    // Passwords with YAML- and SQL-significant characters prove the quoting end to end.
    public static InstanceCredentials Credentials(string password = "app: pass #1 'q'") =>
        new("appdb", "app_user", password, "super:secret#x", "repl'secret", "patroni-admin", "api: pass");

    public static HighAvailabilitySpec Ha(int replicas, ReplicationMode mode = ReplicationMode.Synchronous, DataDurability durability = DataDurability.Preferred) =>
        new(true, replicas, mode, durability);
}
