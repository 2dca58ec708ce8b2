using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// The per-instance parent: a small ConfigMap created before anything else and named as owner by every other object,
/// so deleting it deletes the instance (garbage collection cascades). A StatefulSet owner would exist only after the
/// Secret and RBAC objects its pods need, forcing a second pass to add owner references; the namespace cannot be the
/// owner because an organisation's instances share it.
/// </summary>
public static class OwnerBuilder
{
    public static V1ConfigMap Build(DesiredInstance instance, KubernetesDriverOptions options) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = InstanceNaming.Owner(instance),
            NamespaceProperty = InstanceNaming.Namespace(options, instance),
            Labels = InstanceLabels.For(instance),
        },
        Data = new Dictionary<string, string>
        {
            ["instance-id"] = InstanceLabels.Id(instance.InstanceId),
            ["organization-id"] = InstanceLabels.Id(instance.OrganizationId),
        },
    };

    public static V1OwnerReference ReferenceTo(V1ConfigMap owner) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Name = owner.Metadata.Name,
        Uid = owner.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
