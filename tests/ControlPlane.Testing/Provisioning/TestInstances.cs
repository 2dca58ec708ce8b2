using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Testing.Provisioning;

public static class TestInstances
{
    public const string Region = "test";

    public static InstanceCredentials Credentials { get; } = new("app", "app", "pw", "su-pw", "repl-pw", "patroni", "patroni-pw");

    public static DesiredInstance Desired(Guid? instanceId = null, long generation = 1, bool deleted = false, bool ha = true, string region = Region) => new(
        instanceId ?? Guid.NewGuid(),
        Guid.NewGuid(),
        "db-one",
        region,
        generation,
        new InstanceSpec("small", 16, 20,
            ha ? new HighAvailabilitySpec(true, 2, ReplicationMode.Synchronous, DataDurability.Preferred) : HighAvailabilitySpec.Off),
        new PlanResources("small", 1m, 2048),
        Credentials,
        deleted);
}
