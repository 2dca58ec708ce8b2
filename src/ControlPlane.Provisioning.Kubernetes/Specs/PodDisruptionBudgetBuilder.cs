using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// With HA, a node drain takes down at most one member at a time. Without HA there is no budget: a single pod
/// with maxUnavailable 0 would block every drain, and with 1 the budget would protect nothing.
/// </summary>
public static class PodDisruptionBudgetBuilder
{
    public static V1PodDisruptionBudget Build(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = Meta.For(instance, options, InstanceNaming.DisruptionBudget(instance), owner),
        Spec = new V1PodDisruptionBudgetSpec
        {
            MaxUnavailable = 1,
            Selector = new V1LabelSelector { MatchLabels = InstanceLabels.Selector(instance) },
        },
    };
}
