using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>Object names of one instance. Instance names are DNS-1123 labels of at most 40 characters, so every suffix fits in 63.</summary>
public static class InstanceNaming
{
    /// <summary>
    /// One namespace per organisation. The whole id (32 hex digits) is used: a shortened id could collide between
    /// organisations and would put one customer's pods beside another's.
    /// </summary>
    public static string Namespace(KubernetesDriverOptions options, Guid organizationId) =>
        options.NamespacePrefix + organizationId.ToString("N");

    public static string Namespace(KubernetesDriverOptions options, DesiredInstance instance) => Namespace(options, instance.OrganizationId);

    public static string Owner(DesiredInstance instance) => $"{instance.Name}-instance";

    public static string StatefulSet(DesiredInstance instance) => instance.Name;

    public static string Secret(DesiredInstance instance) => $"{instance.Name}-credentials";

    public static string ServiceAccount(DesiredInstance instance) => $"{instance.Name}-patroni";

    public static string PrimaryService(DesiredInstance instance) => $"{instance.Name}-primary";

    public static string ReplicaService(DesiredInstance instance) => $"{instance.Name}-replicas";

    public static string DisruptionBudget(DesiredInstance instance) => instance.Name;

    public static string NetworkPolicy(DesiredInstance instance) => instance.Name;

    public const string DataVolume = "pgdata";
}
