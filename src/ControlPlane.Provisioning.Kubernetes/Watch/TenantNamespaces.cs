using ControlPlane.Provisioning.Kubernetes.Specs;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Watch;

/// <summary>
/// Which objects the control plane may believe. Labels are writable by whoever can write the object, and a tenant's
/// Patroni can patch pods in its own namespace: an object counts as ours only in a namespace the control plane manages
/// (prefix + organisation id), labelled for that same organisation.
/// </summary>
public static class TenantNamespaces
{
    public static Guid? OrganizationOf(string? ns, KubernetesDriverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ns is not null && ns.StartsWith(options.NamespacePrefix, StringComparison.Ordinal)
               && ns.Length == options.NamespacePrefix.Length + 32
               && Guid.TryParseExact(ns.AsSpan(options.NamespacePrefix.Length), "N", out var organizationId)
               && ns.Equals(InstanceNaming.Namespace(options, organizationId), StringComparison.Ordinal)
            ? organizationId
            : null;
    }

    /// <summary>The instance an object belongs to, or null when it is not one the control plane may trust.</summary>
    public static Guid? TrustedInstanceOf(V1ObjectMeta? metadata, KubernetesDriverOptions options)
    {
        if (metadata?.Labels is not { } labels || OrganizationOf(metadata.NamespaceProperty, options) is not { } organizationId)
        {
            return null;
        }

        return labels.TryGetValue(InstanceLabels.OrganizationId, out var organization)
               && organization == InstanceLabels.Id(organizationId)
               && labels.TryGetValue(InstanceLabels.InstanceId, out var value)
               && Guid.TryParseExact(value, "D", out var instanceId)
            ? instanceId
            : null;
    }
}
