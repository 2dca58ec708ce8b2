using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Specs;

public sealed class AccessBuilderTests
{
    private readonly KubernetesDriverOptions _options = new()
    {
        AllowedSourceNamespaces = ["apps"],
        AllowedSourceCidrs = ["10.20.0.0/16"],
    };

    [Fact]
    public void Should_grant_patroni_only_configmaps_and_pods_for_its_dcs()
    {
        var role = RoleBuilder.Build(TestInstances.Create(), _options, BuilderTestContext.Owner);

        var grants = role.Rules.ToDictionary(r => Assert.Single(r.Resources), r => r.Verbs.Order().ToArray());

        Assert.Equal(["configmaps", "pods"], grants.Keys.Order());
        Assert.Equal(["create", "delete", "get", "list", "patch", "update", "watch"], grants["configmaps"]);
        Assert.Equal(["get", "list", "patch", "watch"], grants["pods"]);
        Assert.DoesNotContain(role.Rules, r => r.Resources.Contains("secrets") || r.Verbs.Contains("*"));
    }

    [Fact]
    public void Should_bind_the_role_to_the_pods_service_account_only()
    {
        var instance = TestInstances.Create();
        var binding = RoleBindingBuilder.Build(instance, _options, BuilderTestContext.Owner);
        var sts = StatefulSetBuilder.Build(instance, _options, BuilderTestContext.Owner);

        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(sts.Spec.Template.Spec.ServiceAccountName, subject.Name);
        Assert.Equal(RoleBuilder.Build(instance, _options, BuilderTestContext.Owner).Metadata.Name, binding.RoleRef.Name);
    }

    [Fact]
    public void Should_admit_postgres_only_from_allowed_sources_and_the_instances_own_pods()
    {
        var instance = TestInstances.Create();
        var policy = NetworkPolicyBuilder.Build(instance, _options, BuilderTestContext.Owner);

        var postgres = Assert.Single(policy.Spec.Ingress, r => r.Ports.Single().Port.Value == "5432");
        var patroni = Assert.Single(policy.Spec.Ingress, r => r.Ports.Single().Port.Value == "8008");

        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        Assert.Equal(2, policy.Spec.Ingress.Count);
        Assert.Equal(4, postgres.FromProperty.Count);
        Assert.Contains(postgres.FromProperty, p => p.PodSelector?.MatchLabels["controlplane.io/instance-id"] == instance.InstanceId.ToString());
        Assert.Contains(postgres.FromProperty, p => p.NamespaceSelector?.MatchExpressions.Single().Values.SequenceEqual(["apps"]) == true);
        Assert.Contains(postgres.FromProperty, p => p.IpBlock?.Cidr == "10.20.0.0/16");
        Assert.Contains(postgres.FromProperty, p => p.NamespaceSelector?.MatchExpressions.Single().Values.SequenceEqual(["controlplane"]) == true);
        Assert.DoesNotContain(patroni.FromProperty, p => p.IpBlock is not null);
        Assert.Contains(patroni.FromProperty, p => p.NamespaceSelector?.MatchExpressions.Single().Values.SequenceEqual(["controlplane"]) == true);
    }

    [Fact]
    public void Should_not_admit_the_control_plane_to_postgres_when_it_does_not_manage_the_database()
    {
        var options = new KubernetesDriverOptions { ManageApplicationDatabase = false };

        var policy = NetworkPolicyBuilder.Build(TestInstances.Create(), options, BuilderTestContext.Owner);

        var postgres = Assert.Single(policy.Spec.Ingress, r => r.Ports.Single().Port.Value == "5432");
        Assert.Null(Assert.Single(postgres.FromProperty).NamespaceSelector);
    }

    [Fact]
    public void Should_budget_one_unavailable_member()
    {
        var pdb = PodDisruptionBudgetBuilder.Build(TestInstances.Create(), _options, BuilderTestContext.Owner);

        Assert.Equal("1", pdb.Spec.MaxUnavailable.Value);
        Assert.Null(pdb.Spec.MinAvailable);
    }

    [Fact]
    public void Should_build_no_replica_service_and_no_budget_without_ha()
    {
        var objects = BuilderTestContext.AllOwned(TestInstances.Create(ha: false), _options);

        Assert.DoesNotContain(objects, o => o.Metadata.Name == "orders-replicas");
        Assert.DoesNotContain(objects, o => o.Kind == "PodDisruptionBudget");
        Assert.Equal(7, objects.Count);
    }
}
