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

    /// <summary>
    /// The data claim template, whose name begins every claim's name (pgdata-&lt;id&gt;-&lt;statefulset&gt;-&lt;ordinal&gt;). It
    /// carries a short id of the instance because a StatefulSet adopts any claim of the name it wants: with
    /// KeepVolumesOnDelete, a new instance given a deleted one's name would otherwise start on that instance's data.
    /// The id's last 8 hex digits are random in a version 7 Guid (the first ones are the creation time), and at most
    /// 7 + 9 + 40 + 3 characters keep a claim name within 63.
    /// </summary>
    public static string DataVolume(DesiredInstance instance) => $"pgdata-{instance.InstanceId.ToString("N")[^8..]}";

    public static string DataClaim(DesiredInstance instance, int ordinal) =>
        $"{DataVolume(instance)}-{StatefulSet(instance)}-{ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
