using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// The organisation namespace's default-deny policy (<see cref="DefaultDeny"/>), then per instance the ingress it
/// allows: PostgreSQL from the allowed namespaces and address ranges and
/// from the instance's own pods (streaming replication, pg_rewind); Patroni's REST API from the instance's own pods
/// (members probe each other during a leader race) and from the control plane's namespace (health, switchover).
/// </summary>
public static class NetworkPolicyBuilder
{
    private const string NamespaceNameLabel = "kubernetes.io/metadata.name";

    public const string DefaultDenyName = "default-deny";

    /// <summary>
    /// Denies all ingress to every pod of the namespace, so a pod no instance policy selects (a leftover, a pod someone
    /// else starts there) is reachable by nothing; each instance's policy then adds what its pods allow. Egress stays
    /// open: Patroni must reach the API server, whose address a policy cannot know in advance.
    /// </summary>
    public static V1NetworkPolicy DefaultDeny(DesiredInstance instance, KubernetesDriverOptions options) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = new V1ObjectMeta
        {
            Name = DefaultDenyName,
            NamespaceProperty = InstanceNaming.Namespace(options, instance),
            Labels = NamespaceBuilder.Labels(instance),
        },
        Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
    };

    public static V1NetworkPolicy Build(DesiredInstance instance, KubernetesDriverOptions options, V1OwnerReference owner)
    {
        var ownPods = new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = InstanceLabels.Selector(instance) } };
        var postgresSources = new List<V1NetworkPolicyPeer> { ownPods };
        if (options.ManageApplicationDatabase)
        {
            // The worker creates the customer's role and database over SQL.
            postgresSources.Add(new V1NetworkPolicyPeer { NamespaceSelector = NamespaceIn([options.ControlPlaneNamespace]) });
        }

        if (options.AllowedSourceNamespaces.Count > 0)
        {
            postgresSources.Add(new V1NetworkPolicyPeer { NamespaceSelector = NamespaceIn([.. options.AllowedSourceNamespaces]) });
        }

        postgresSources.AddRange(options.AllowedSourceCidrs.Select(cidr => new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = cidr } }));

        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = Meta.For(instance, options, InstanceNaming.NetworkPolicy(instance), owner),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = InstanceLabels.Selector(instance) },
                PolicyTypes = ["Ingress"],
                Ingress =
                [
                    new V1NetworkPolicyIngressRule
                    {
                        Ports = [new V1NetworkPolicyPort { Port = options.PostgresPort, Protocol = "TCP" }],
                        FromProperty = postgresSources,
                    },
                    new V1NetworkPolicyIngressRule
                    {
                        Ports = [new V1NetworkPolicyPort { Port = options.PatroniPort, Protocol = "TCP" }],
                        FromProperty =
                        [
                            ownPods,
                            new V1NetworkPolicyPeer { NamespaceSelector = NamespaceIn([options.ControlPlaneNamespace]) },
                        ],
                    },
                ],
            },
        };
    }

    private static V1LabelSelector NamespaceIn(List<string> names) => new()
    {
        MatchExpressions = [new V1LabelSelectorRequirement { Key = NamespaceNameLabel, OperatorProperty = "In", Values = names }],
    };
}
