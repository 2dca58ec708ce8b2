using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>The identity Patroni uses to keep its cluster state in the Kubernetes API (one per instance).</summary>
public static class ServiceAccountBuilder
{
    public static V1ServiceAccount Build(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Meta.For(instance, options, InstanceNaming.ServiceAccount(instance), owner),
        AutomountServiceAccountToken = true,
    };
}
