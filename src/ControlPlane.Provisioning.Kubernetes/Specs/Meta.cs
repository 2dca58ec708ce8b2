using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>Metadata shared by the owned objects: name, namespace, the instance labels and the owner reference.</summary>
internal static class Meta
{
    public static V1ObjectMeta For(DesiredInstance instance, KubernetesDriverOptions options, string name, V1OwnerReference owner) => new()
    {
        Name = name,
        NamespaceProperty = InstanceNaming.Namespace(options, instance),
        Labels = InstanceLabels.For(instance),
        OwnerReferences = [owner],
    };
}
