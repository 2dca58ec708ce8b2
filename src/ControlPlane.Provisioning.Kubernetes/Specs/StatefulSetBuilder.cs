using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// The Patroni/Spilo pods: one per member (primary + replicas), sized by the plan with requests = limits (Guaranteed
/// QoS, so the kubelet evicts them last), spread across nodes (and zones when enabled), ready when Patroni says so.
/// The controller never replaces a pod on its own (OnDelete): the driver's rollout replaces replicas first and the
/// primary only after a switchover, which a RollingUpdate (highest ordinal first, whoever leads) cannot do.
/// </summary>
public static class StatefulSetBuilder
{
    public const string ContainerName = "postgres";
    public const string DataMountPath = "/home/postgres/pgdata";

    public const string UpdateStrategy = "OnDelete";

    /// <summary>The postgres user and group of the Spilo image.</summary>
    public const long SpiloUserId = 101;
    public const long SpiloGroupId = 103;

    /// <param name="existing">The StatefulSet as it stands, if any: its bootstrap configuration is kept (see <see cref="SpiloEnvironment.Build"/>).</param>
    public static V1StatefulSet Build(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner, V1StatefulSet? existing = null)
    {
        var labels = InstanceLabels.For(instance);
        var resources = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(Quantities.Cpu(instance.Resources.VCpu)),
            ["memory"] = new(Quantities.MemoryMb(instance.Resources.MemoryMb)),
        };
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Meta.For(instance, options, InstanceNaming.StatefulSet(instance), owner),
            Spec = new V1StatefulSetSpec
            {
                Replicas = instance.Spec.HighAvailability.Members,
                // Patroni advertises pod IPs, so no per-pod DNS (and no extra headless Service) is needed.
                ServiceName = InstanceNaming.PrimaryService(instance),
                // Members bootstrap from whoever wins the leader race, so there is nothing to gain from ordered start.
                PodManagementPolicy = "Parallel",
                UpdateStrategy = new V1StatefulSetUpdateStrategy { Type = UpdateStrategy },
                Selector = new V1LabelSelector { MatchLabels = InstanceLabels.Selector(instance) },
                PersistentVolumeClaimRetentionPolicy = new V1StatefulSetPersistentVolumeClaimRetentionPolicy
                {
                    WhenDeleted = options.KeepVolumesOnDelete ? "Retain" : "Delete",
                    // A replica scaled away and back keeps its data and rejoins without a full base backup.
                    WhenScaled = "Retain",
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec
                    {
                        ServiceAccountName = InstanceNaming.ServiceAccount(instance),
                        TerminationGracePeriodSeconds = 30,
                        SecurityContext = PodSecurity(),
                        Affinity = Affinity(instance, options),
                        Containers =
                        [
                            new V1Container
                            {
                                Name = ContainerName,
                                Image = options.ImageFor(instance.Spec.PostgresVersion),
                                Env = SpiloEnvironment.Build(instance, options, BootstrapOf(existing)),
                                Ports =
                                [
                                    new V1ContainerPort { Name = "postgresql", ContainerPort = options.PostgresPort, Protocol = "TCP" },
                                    new V1ContainerPort { Name = "patroni", ContainerPort = options.PatroniPort, Protocol = "TCP" },
                                ],
                                Resources = new V1ResourceRequirements { Requests = resources, Limits = new Dictionary<string, ResourceQuantity>(resources) },
                                ReadinessProbe = new V1Probe
                                {
                                    HttpGet = new V1HTTPGetAction { Path = "/readiness", Port = options.PatroniPort, Scheme = "HTTP" },
                                    InitialDelaySeconds = 5,
                                    PeriodSeconds = 10,
                                    TimeoutSeconds = 5,
                                    FailureThreshold = 3,
                                },
                                VolumeMounts = [new V1VolumeMount { Name = InstanceNaming.DataVolume(instance), MountPath = DataMountPath }],
                                SecurityContext = ContainerSecurity(),
                            },
                        ],
                    },
                },
                VolumeClaimTemplates =
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = InstanceNaming.DataVolume(instance), Labels = labels },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            StorageClassName = options.StorageClassName,
                            Resources = new V1VolumeResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(Quantities.StorageGb(instance.Spec.StorageGb)) },
                            },
                        },
                    },
                ],
            },
        };
    }

    /// <summary>The SPILO_CONFIGURATION a StatefulSet was created with, or null.</summary>
    public static string? BootstrapOf(V1StatefulSet? statefulSet) =>
        statefulSet?.Spec?.Template?.Spec?.Containers?.FirstOrDefault(c => c.Name == ContainerName)?.Env?
            .FirstOrDefault(e => e.Name == SpiloEnvironment.BootstrapVariable)?.Value;

    /// <summary>
    /// Spilo as its own postgres user (uid 101, gid 103) rather than as root: its entrypoint then skips the steps that
    /// need root and runs Patroni and PostgreSQL directly, which is what the restricted Pod Security Standard asks
    /// (non-root, RuntimeDefault seccomp). fsGroup gives that group the data volume.
    /// </summary>
    private static V1PodSecurityContext PodSecurity() => new()
    {
        RunAsNonRoot = true,
        RunAsUser = SpiloUserId,
        RunAsGroup = SpiloGroupId,
        FsGroup = SpiloGroupId,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    /// <summary>
    /// No privilege escalation and no capabilities. The root filesystem stays writable: Spilo writes its generated
    /// configuration and the passwd entry of its user there at start.
    /// </summary>
    private static V1SecurityContext ContainerSecurity() => new()
    {
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
    };

    private static V1Affinity Affinity(DesiredInstance instance, KubernetesDriverOptions options)
    {
        var sameInstance = new V1LabelSelector { MatchLabels = InstanceLabels.Selector(instance) };
        // Preferred, not required: a small cluster must still be able to schedule every member.
        var terms = new List<V1WeightedPodAffinityTerm>
        {
            new() { Weight = 100, PodAffinityTerm = new V1PodAffinityTerm { TopologyKey = "kubernetes.io/hostname", LabelSelector = sameInstance } },
        };
        if (options.ZoneAntiAffinity)
        {
            terms.Add(new V1WeightedPodAffinityTerm
            {
                Weight = 50,
                PodAffinityTerm = new V1PodAffinityTerm { TopologyKey = "topology.kubernetes.io/zone", LabelSelector = sameInstance },
            });
        }

        return new V1Affinity { PodAntiAffinity = new V1PodAntiAffinity { PreferredDuringSchedulingIgnoredDuringExecution = terms } };
    }
}
