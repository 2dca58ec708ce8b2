using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// The organisation namespace's ResourceQuota, from <see cref="KubernetesDriverOptions.NamespaceQuota"/>. Shared by the
/// organisation's instances like the namespace itself, so no instance owns it.
/// </summary>
public static class ResourceQuotaBuilder
{
    public const string Name = "controlplane-tenant";

    /// <summary>Whether the API server would take the value as a quantity; checked at start rather than on every pass.</summary>
    public static bool IsQuantity(string value)
    {
        try
        {
            return !string.IsNullOrWhiteSpace(value) && new ResourceQuantity(value).ToDecimal() >= 0;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            return false;
        }
    }

    /// <returns>Null when no quota is configured.</returns>
    public static V1ResourceQuota? Build(DesiredInstance instance, KubernetesDriverOptions options) =>
        options.NamespaceQuota.Count == 0 ? null : new V1ResourceQuota
        {
            ApiVersion = "v1",
            Kind = "ResourceQuota",
            Metadata = new V1ObjectMeta
            {
                Name = Name,
                NamespaceProperty = InstanceNaming.Namespace(options, instance),
                Labels = NamespaceBuilder.Labels(instance),
            },
            Spec = new V1ResourceQuotaSpec
            {
                Hard = options.NamespaceQuota.ToDictionary(p => p.Key, p => new ResourceQuantity(p.Value), StringComparer.Ordinal),
            },
        };
}
