using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Specs;

public sealed class ServiceBuilderTests
{
    private readonly KubernetesDriverOptions _options = new();

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);

    [Fact]
    public void Should_route_the_primary_service_to_the_pod_patroni_labels_master()
    {
        var instance = TestInstances.Create();
        var podLabels = new Dictionary<string, string>(StatefulSetBuilder.Build(instance, _options, BuilderTestContext.Owner).Spec.Template.Metadata.Labels);

        var primary = ServiceBuilder.Primary(instance, _options, BuilderTestContext.Owner);
        var replicas = ServiceBuilder.Replicas(instance, _options, BuilderTestContext.Owner);

        Assert.False(Selects(primary.Spec.Selector, podLabels), "no pod is the primary before Patroni labels it");
        podLabels["spilo-role"] = "master";
        Assert.True(Selects(primary.Spec.Selector, podLabels));
        Assert.False(Selects(replicas.Spec.Selector, podLabels));
        podLabels["spilo-role"] = "replica";
        Assert.False(Selects(primary.Spec.Selector, podLabels));
        Assert.True(Selects(replicas.Spec.Selector, podLabels));
    }

    [Fact]
    public void Should_not_route_to_pods_of_another_instance_in_the_same_namespace()
    {
        var orders = TestInstances.Create();
        var billing = TestInstances.Create(name: "billing", organizationId: orders.OrganizationId);
        var billingPod = new Dictionary<string, string>(InstanceLabels.For(billing)) { ["spilo-role"] = "master" };

        var primary = ServiceBuilder.Primary(orders, _options, BuilderTestContext.Owner);

        Assert.False(Selects(primary.Spec.Selector, billingPod));
    }

    [Fact]
    public void Should_use_configured_role_label_key_and_values()
    {
        var options = new KubernetesDriverOptions { RoleLabelKey = "role", PrimaryRoleValue = "primary", ReplicaRoleValue = "standby" };
        var instance = TestInstances.Create();

        var primary = ServiceBuilder.Primary(instance, options, BuilderTestContext.Owner);

        Assert.Equal("primary", primary.Spec.Selector["role"]);
        Assert.Equal(5432, Assert.Single(primary.Spec.Ports).Port);
        Assert.Equal("orders-primary", primary.Metadata.Name);
    }
}
