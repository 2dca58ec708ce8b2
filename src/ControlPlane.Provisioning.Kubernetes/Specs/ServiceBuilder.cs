using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// Client entry points. They select on Patroni's role label, so after a failover the Service follows the new leader
/// as soon as Patroni relabels the pods; no Endpoints object needs to be written by Patroni.
/// </summary>
public static class ServiceBuilder
{
    public static V1Service Primary(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner) =>
        Build(instance, options, owner, InstanceNaming.PrimaryService(instance), options.PrimaryRoleValue);

    /// <summary>Read-only endpoint across the replicas; only built when high availability is on.</summary>
    public static V1Service Replicas(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner) =>
        Build(instance, options, owner, InstanceNaming.ReplicaService(instance), options.ReplicaRoleValue);

    private static V1Service Build(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner, string name, string role) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta.For(instance, options, name, owner),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = InstanceLabels.RoleSelector(instance, options.RoleLabelKey, role),
            Ports = [new V1ServicePort { Name = "postgresql", Port = options.PostgresPort, TargetPort = options.PostgresPort, Protocol = "TCP" }],
        },
    };
}
