using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Specs;
using k8s;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Specs;

/// <summary>Builds every object of one instance with default options, the way the driver does, without any I/O.</summary>
internal static class BuilderTestContext
{
    public static V1OwnerReference Owner { get; } = new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Name = "orders-instance",
        Uid = "00000000-0000-0000-0000-00000000abcd",
        Controller = true,
        BlockOwnerDeletion = true,
    };

    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> AllOwned(DesiredInstance instance, KubernetesDriverOptions options)
    {
        var objects = new List<IKubernetesObject<V1ObjectMeta>>
        {
            SecretBuilder.Build(instance, options, Owner),
            ServiceAccountBuilder.Build(instance, options, Owner),
            RoleBuilder.Build(instance, options, Owner),
            RoleBindingBuilder.Build(instance, options, Owner),
            StatefulSetBuilder.Build(instance, options, Owner),
            ServiceBuilder.Primary(instance, options, Owner),
            NetworkPolicyBuilder.Build(instance, options, Owner),
        };
        if (instance.Spec.HighAvailability.Enabled)
        {
            objects.Add(ServiceBuilder.Replicas(instance, options, Owner));
            objects.Add(PodDisruptionBudgetBuilder.Build(instance, options, Owner));
        }

        return objects;
    }
}
