using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// Exactly what Patroni's Kubernetes DCS needs in ConfigMap mode (KUBERNETES_USE_CONFIGMAPS), and nothing more:
/// - configmaps: its leader lock, config, sync and failover keys live in ConfigMaps it creates, reads, watches,
///   updates with resourceVersion preconditions (update/patch) and removes after a failover (delete);
/// - pods: it finds members by label (get/list/watch) and writes its own role label and status annotation (patch).
/// ConfigMap mode is chosen over Endpoints so Patroni needs neither endpoints writes nor services/create (that grant
/// exists only for the "-config" Service of Endpoints mode): clients reach the primary through our own Service,
/// which selects the role label. The Role is namespaced, so one instance's Patroni can still see the organisation's
/// other instances' ConfigMaps; Kubernetes RBAC cannot narrow list/watch by label.
/// </summary>
public static class RoleBuilder
{
    public static V1Role Build(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "Role",
        Metadata = Meta.For(instance, options, InstanceNaming.ServiceAccount(instance), owner),
        Rules =
        [
            new V1PolicyRule
            {
                ApiGroups = [""],
                Resources = ["configmaps"],
                Verbs = ["create", "get", "list", "patch", "update", "watch", "delete"],
            },
            new V1PolicyRule
            {
                ApiGroups = [""],
                Resources = ["pods"],
                Verbs = ["get", "list", "patch", "watch"],
            },
        ],
    };
}
