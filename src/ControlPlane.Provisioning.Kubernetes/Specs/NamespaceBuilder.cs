using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>The organisation's namespace. Shared by its instances, so no instance owns it and deleting one leaves it.</summary>
public static class NamespaceBuilder
{
    public static V1Namespace Build(DesiredInstance instance, KubernetesDriverOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = InstanceNaming.Namespace(options, instance),
            Labels = new Dictionary<string, string>
            {
                [InstanceLabels.ManagedBy] = InstanceLabels.ManagedByValue,
                [InstanceLabels.OrganizationId] = InstanceLabels.Id(instance.OrganizationId),
            },
        },
    };
}
