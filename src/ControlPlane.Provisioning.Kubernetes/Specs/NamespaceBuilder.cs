using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// The organisation's namespace. Shared by its instances, so no instance owns it and deleting one leaves it. It
/// enforces a Pod Security Standard (<see cref="KubernetesDriverOptions.TenantPodSecurityLevel"/>), so a pod template
/// that asks for more than the Spilo pods need is refused at admission; warn and audit name the same level.
/// </summary>
public static class NamespaceBuilder
{
    public const string EnforceLabel = "pod-security.kubernetes.io/enforce";
    public const string WarnLabel = "pod-security.kubernetes.io/warn";
    public const string AuditLabel = "pod-security.kubernetes.io/audit";

    public static V1Namespace Build(DesiredInstance instance, KubernetesDriverOptions options)
    {
        var labels = Labels(instance);
        labels[EnforceLabel] = options.TenantPodSecurityLevel;
        labels[WarnLabel] = options.TenantPodSecurityLevel;
        labels[AuditLabel] = options.TenantPodSecurityLevel;
        return new V1Namespace
        {
            ApiVersion = "v1",
            Kind = "Namespace",
            Metadata = new V1ObjectMeta { Name = InstanceNaming.Namespace(options, instance), Labels = labels },
        };
    }

    /// <summary>The labels of the namespace and of the objects shared by the organisation's instances.</summary>
    public static Dictionary<string, string> Labels(DesiredInstance instance) => new()
    {
        [InstanceLabels.ManagedBy] = InstanceLabels.ManagedByValue,
        [InstanceLabels.OrganizationId] = InstanceLabels.Id(instance.OrganizationId),
    };
}
