namespace ControlPlane.Kubernetes.Fake;

/// <summary>The resources this double implements; anything else answers 404 like an API server without that group.</summary>
public static class ResourceKinds
{
    public static ResourceKind Namespaces { get; } = new("", "v1", "namespaces", "Namespace", false);
    public static ResourceKind Secrets { get; } = new("", "v1", "secrets", "Secret", true);
    public static ResourceKind ServiceAccounts { get; } = new("", "v1", "serviceaccounts", "ServiceAccount", true);
    public static ResourceKind Services { get; } = new("", "v1", "services", "Service", true);
    public static ResourceKind Pods { get; } = new("", "v1", "pods", "Pod", true);
    public static ResourceKind Endpoints { get; } = new("", "v1", "endpoints", "Endpoints", true);
    public static ResourceKind ConfigMaps { get; } = new("", "v1", "configmaps", "ConfigMap", true);
    public static ResourceKind PersistentVolumeClaims { get; } = new("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true);
    public static ResourceKind Roles { get; } = new("rbac.authorization.k8s.io", "v1", "roles", "Role", true);
    public static ResourceKind RoleBindings { get; } = new("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true);
    public static ResourceKind StatefulSets { get; } = new("apps", "v1", "statefulsets", "StatefulSet", true);
    public static ResourceKind PodDisruptionBudgets { get; } = new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true);
    public static ResourceKind NetworkPolicies { get; } = new("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true);
    public static ResourceKind ResourceQuotas { get; } = new("", "v1", "resourcequotas", "ResourceQuota", true);

    public static IReadOnlyList<ResourceKind> All { get; } =
    [
        Namespaces, Secrets, ServiceAccounts, Services, Pods, Endpoints, ConfigMaps, PersistentVolumeClaims,
        Roles, RoleBindings, StatefulSets, PodDisruptionBudgets, NetworkPolicies, ResourceQuotas,
    ];

    public static ResourceKind? Find(string group, string version, string plural) =>
        All.FirstOrDefault(k => k.Group == group && k.Version == version && k.Plural == plural);

    public static ResourceKind ByPlural(string plural) =>
        All.FirstOrDefault(k => k.Plural == plural) ?? throw new ArgumentException($"The fake does not serve '{plural}'.", nameof(plural));
}
