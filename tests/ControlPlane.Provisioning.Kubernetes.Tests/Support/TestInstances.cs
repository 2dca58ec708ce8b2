using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Support;

/// <summary>Desired instances for tests. The secrets are distinctive so a test can search for them anywhere.</summary>
internal static class TestInstances
{
    public const string AppPassword = "app-pw-7f3a9c";
    public const string SuperuserPassword = "super-pw-41be2d";
    public const string ReplicationPassword = "repl-pw-9d0e11";
    public const string PatroniUser = "patroni-api";
    public const string PatroniPassword = "patroni-pw-c62f80";

    public static IReadOnlyList<string> Secrets { get; } = [AppPassword, SuperuserPassword, ReplicationPassword, PatroniPassword];

    public static DesiredInstance Create(
        bool ha = true,
        int replicas = 2,
        ReplicationMode mode = ReplicationMode.Synchronous,
        DataDurability durability = DataDurability.Preferred,
        int storageGb = 10,
        string name = "orders",
        Guid? organizationId = null,
        Guid? instanceId = null,
        decimal vcpu = 0.5m,
        int memoryMb = 1024) =>
        new(
            instanceId ?? Guid.NewGuid(),
            organizationId ?? Guid.NewGuid(),
            name,
            "local",
            1,
            new InstanceSpec("small", 17, storageGb, ha ? new HighAvailabilitySpec(true, replicas, mode, durability) : HighAvailabilitySpec.Off),
            new PlanResources("small", vcpu, memoryMb),
            new InstanceCredentials("app", "app_user", AppPassword, SuperuserPassword, ReplicationPassword, PatroniUser, PatroniPassword),
            Deleted: false);

    public static DesiredInstance With(this DesiredInstance instance, HighAvailabilitySpec ha) =>
        instance with { Generation = instance.Generation + 1, Spec = instance.Spec with { HighAvailability = ha } };

    public static DesiredInstance WithStorage(this DesiredInstance instance, int storageGb) =>
        instance with { Generation = instance.Generation + 1, Spec = instance.Spec with { StorageGb = storageGb } };

    /// <summary>A plan change: new pod resources, so every member needs a new pod.</summary>
    public static DesiredInstance WithMemory(this DesiredInstance instance, int memoryMb) =>
        instance with { Generation = instance.Generation + 1, Resources = instance.Resources with { MemoryMb = memoryMb } };
}
