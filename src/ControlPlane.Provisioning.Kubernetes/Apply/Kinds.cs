using k8s;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Apply;

/// <summary>
/// Typed operations per kind (arguments: client, namespace, name). Deletes propagate in the background so the
/// garbage collector removes dependents (a StatefulSet's pods, the owner's objects) after the call returns.
/// </summary>
internal static class Kinds
{
    private const string Background = "Background";

    public static KindOperations<V1Namespace> Namespace { get; } = new(
        "Namespace",
        (c, _, n, ct) => c.CoreV1.ReadNamespaceAsync(n, cancellationToken: ct),
        (c, o, _, ct) => c.CoreV1.CreateNamespaceAsync(o, cancellationToken: ct),
        (c, p, _, n, ct) => c.CoreV1.PatchNamespaceAsync(p, n, cancellationToken: ct),
        (c, _, n, ct) => c.CoreV1.DeleteNamespaceAsync(n, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1ConfigMap> ConfigMap { get; } = new(
        "ConfigMap",
        (c, ns, n, ct) => c.CoreV1.ReadNamespacedConfigMapAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.CoreV1.CreateNamespacedConfigMapAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.CoreV1.PatchNamespacedConfigMapAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.CoreV1.DeleteNamespacedConfigMapAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1Secret> Secret { get; } = new(
        "Secret",
        (c, ns, n, ct) => c.CoreV1.ReadNamespacedSecretAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.CoreV1.CreateNamespacedSecretAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.CoreV1.PatchNamespacedSecretAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.CoreV1.DeleteNamespacedSecretAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1ServiceAccount> ServiceAccount { get; } = new(
        "ServiceAccount",
        (c, ns, n, ct) => c.CoreV1.ReadNamespacedServiceAccountAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.CoreV1.CreateNamespacedServiceAccountAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.CoreV1.PatchNamespacedServiceAccountAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.CoreV1.DeleteNamespacedServiceAccountAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1Role> Role { get; } = new(
        "Role",
        (c, ns, n, ct) => c.RbacAuthorizationV1.ReadNamespacedRoleAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.RbacAuthorizationV1.CreateNamespacedRoleAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.RbacAuthorizationV1.PatchNamespacedRoleAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.RbacAuthorizationV1.DeleteNamespacedRoleAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1RoleBinding> RoleBinding { get; } = new(
        "RoleBinding",
        (c, ns, n, ct) => c.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.RbacAuthorizationV1.PatchNamespacedRoleBindingAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.RbacAuthorizationV1.DeleteNamespacedRoleBindingAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1StatefulSet> StatefulSet { get; } = new(
        "StatefulSet",
        (c, ns, n, ct) => c.AppsV1.ReadNamespacedStatefulSetAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.AppsV1.CreateNamespacedStatefulSetAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.AppsV1.PatchNamespacedStatefulSetAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.AppsV1.DeleteNamespacedStatefulSetAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1Service> Service { get; } = new(
        "Service",
        (c, ns, n, ct) => c.CoreV1.ReadNamespacedServiceAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.CoreV1.CreateNamespacedServiceAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.CoreV1.PatchNamespacedServiceAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.CoreV1.DeleteNamespacedServiceAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1PodDisruptionBudget> PodDisruptionBudget { get; } = new(
        "PodDisruptionBudget",
        (c, ns, n, ct) => c.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.PolicyV1.PatchNamespacedPodDisruptionBudgetAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.PolicyV1.DeleteNamespacedPodDisruptionBudgetAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1NetworkPolicy> NetworkPolicy { get; } = new(
        "NetworkPolicy",
        (c, ns, n, ct) => c.NetworkingV1.ReadNamespacedNetworkPolicyAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.NetworkingV1.CreateNamespacedNetworkPolicyAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.NetworkingV1.PatchNamespacedNetworkPolicyAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1ResourceQuota> ResourceQuota { get; } = new(
        "ResourceQuota",
        (c, ns, n, ct) => c.CoreV1.ReadNamespacedResourceQuotaAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.CoreV1.CreateNamespacedResourceQuotaAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.CoreV1.PatchNamespacedResourceQuotaAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.CoreV1.DeleteNamespacedResourceQuotaAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));

    public static KindOperations<V1PersistentVolumeClaim> PersistentVolumeClaim { get; } = new(
        "PersistentVolumeClaim",
        (c, ns, n, ct) => c.CoreV1.ReadNamespacedPersistentVolumeClaimAsync(n, ns, cancellationToken: ct),
        (c, o, ns, ct) => c.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(o, ns, cancellationToken: ct),
        (c, p, ns, n, ct) => c.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(p, n, ns, cancellationToken: ct),
        (c, ns, n, ct) => c.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(n, ns, propagationPolicy: Background, cancellationToken: ct));
}
