using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>Grants the instance's Role to its Patroni service account only.</summary>
public static class RoleBindingBuilder
{
    public static V1RoleBinding Build(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "RoleBinding",
        Metadata = Meta.For(instance, options, InstanceNaming.ServiceAccount(instance), owner),
        RoleRef = new V1RoleRef
        {
            ApiGroup = "rbac.authorization.k8s.io",
            Kind = "Role",
            Name = InstanceNaming.ServiceAccount(instance),
        },
        Subjects =
        [
            new Rbacv1Subject
            {
                Kind = "ServiceAccount",
                Name = InstanceNaming.ServiceAccount(instance),
                NamespaceProperty = InstanceNaming.Namespace(options, instance),
            },
        ],
    };
}
