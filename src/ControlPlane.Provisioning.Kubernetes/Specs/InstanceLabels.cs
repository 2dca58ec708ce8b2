using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>The labels every object of an instance carries, and the selectors built from them.</summary>
public static class InstanceLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string InstanceId = "controlplane.io/instance-id";
    public const string OrganizationId = "controlplane.io/organization-id";
    public const string NameValue = "postgresql";
    public const string ManagedByValue = "controlplane";

    /// <summary>What the pod watch selects on: everything this control plane manages, across namespaces.</summary>
    public const string ManagedSelector = ManagedBy + "=" + ManagedByValue;

    public static Dictionary<string, string> For(DesiredInstance instance) => new()
    {
        [Name] = NameValue,
        [Instance] = instance.Name,
        [ManagedBy] = ManagedByValue,
        [InstanceId] = Id(instance.InstanceId),
        [OrganizationId] = Id(instance.OrganizationId),
    };

    /// <summary>The StatefulSet's selector: immutable once created, so only labels that never change.</summary>
    public static Dictionary<string, string> Selector(DesiredInstance instance) => new()
    {
        [Name] = NameValue,
        [InstanceId] = Id(instance.InstanceId),
    };

    /// <summary>Pods of one instance holding one Patroni role, as Patroni labels them.</summary>
    public static Dictionary<string, string> RoleSelector(DesiredInstance instance, string roleKey, string roleValue) => new()
    {
        [InstanceId] = Id(instance.InstanceId),
        [roleKey] = roleValue,
    };

    public static string InstanceSelector(Guid instanceId) => $"{InstanceId}={Id(instanceId)}";

    public static string Id(Guid id) => id.ToString("D");
}
