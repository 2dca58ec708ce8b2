using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Specs;

public sealed class InstanceLabelsTests
{
    private readonly KubernetesDriverOptions _options = new();

    [Fact]
    public void Should_label_every_object_with_the_same_five_instance_labels_and_the_owner()
    {
        var instance = TestInstances.Create();
        var expected = new Dictionary<string, string>
        {
            ["app.kubernetes.io/name"] = "postgresql",
            ["app.kubernetes.io/instance"] = "orders",
            ["app.kubernetes.io/managed-by"] = "controlplane",
            ["controlplane.io/instance-id"] = instance.InstanceId.ToString(),
            ["controlplane.io/organization-id"] = instance.OrganizationId.ToString(),
        };

        var objects = BuilderTestContext.AllOwned(instance, _options);

        Assert.Equal(9, objects.Count);
        Assert.All(objects, o =>
        {
            Assert.Equal(expected, o.Metadata.Labels);
            Assert.Equal($"cp-{instance.OrganizationId:N}", o.Metadata.NamespaceProperty);
            Assert.Equal(BuilderTestContext.Owner.Uid, Assert.Single(o.Metadata.OwnerReferences).Uid);
        });
    }

    [Fact]
    public void Should_give_pods_and_volumes_the_instance_labels_too()
    {
        var instance = TestInstances.Create();

        var sts = StatefulSetBuilder.Build(instance, _options, BuilderTestContext.Owner);

        Assert.Equal(InstanceLabels.For(instance), sts.Spec.Template.Metadata.Labels);
        Assert.Equal(InstanceLabels.For(instance), Assert.Single(sts.Spec.VolumeClaimTemplates).Metadata.Labels);
        Assert.All(sts.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, sts.Spec.Template.Metadata.Labels[l.Key]));
    }

    [Fact]
    public void Should_put_each_organisation_in_its_own_namespace()
    {
        var a = TestInstances.Create();
        var b = TestInstances.Create();

        var nsA = NamespaceBuilder.Build(a, _options);

        Assert.NotEqual(InstanceNaming.Namespace(_options, a), InstanceNaming.Namespace(_options, b));
        Assert.Equal(a.OrganizationId.ToString(), nsA.Metadata.Labels["controlplane.io/organization-id"]);
        Assert.True(nsA.Metadata.Name.Length <= 63);
        Assert.StartsWith("cp-", nsA.Metadata.Name, StringComparison.Ordinal);
    }
}
