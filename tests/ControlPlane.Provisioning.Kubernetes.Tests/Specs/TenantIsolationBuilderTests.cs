using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Specs;

/// <summary>What the organisation's namespace and the Spilo pods hold to: Pod Security, default-deny ingress, a quota.</summary>
public sealed class TenantIsolationBuilderTests
{
    [Theory]
    [InlineData(null, "restricted")]
    [InlineData("baseline", "baseline")]
    public void Should_enforce_warn_and_audit_the_configured_pod_security_level_on_the_namespace(string? configured, string expected)
    {
        var options = new KubernetesDriverOptions();
        if (configured is not null)
        {
            options.TenantPodSecurityLevel = configured;
        }

        var labels = NamespaceBuilder.Build(TestInstances.Create(), options).Metadata.Labels;

        Assert.Equal(expected, labels["pod-security.kubernetes.io/enforce"]);
        Assert.Equal(expected, labels["pod-security.kubernetes.io/warn"]);
        Assert.Equal(expected, labels["pod-security.kubernetes.io/audit"]);
        Assert.Equal("controlplane", labels[InstanceLabels.ManagedBy]);
    }

    [Fact]
    public void Should_deny_all_ingress_to_every_pod_of_the_namespace()
    {
        var instance = TestInstances.Create();
        var options = new KubernetesDriverOptions();

        var policy = NetworkPolicyBuilder.DefaultDeny(instance, options);

        Assert.Equal(InstanceNaming.Namespace(options, instance), policy.Metadata.NamespaceProperty);
        Assert.Null(policy.Metadata.OwnerReferences);
        Assert.True(policy.Spec.PodSelector.MatchLabels is null or { Count: 0 });
        Assert.True(policy.Spec.PodSelector.MatchExpressions is null or { Count: 0 });
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        Assert.True(policy.Spec.Ingress is null or { Count: 0 });
    }

    [Fact]
    public void Should_build_no_quota_when_none_is_configured()
    {
        Assert.Null(ResourceQuotaBuilder.Build(TestInstances.Create(), new KubernetesDriverOptions()));
    }

    [Fact]
    public void Should_build_the_namespace_quota_from_the_configured_limits()
    {
        var instance = TestInstances.Create();
        var options = new KubernetesDriverOptions { NamespaceQuota = new() { ["requests.storage"] = "500Gi", ["pods"] = "30" } };

        var quota = ResourceQuotaBuilder.Build(instance, options)!;

        Assert.Equal(InstanceNaming.Namespace(options, instance), quota.Metadata.NamespaceProperty);
        Assert.Equal(["pods", "requests.storage"], quota.Spec.Hard.Keys.Order());
        Assert.Equal("500Gi", quota.Spec.Hard["requests.storage"].ToString());
        Assert.Equal("30", quota.Spec.Hard["pods"].ToString());
    }

    [Fact]
    public void Should_run_spilo_as_its_postgres_user_with_what_the_restricted_standard_requires()
    {
        var sts = StatefulSetBuilder.Build(TestInstances.Create(), new KubernetesDriverOptions(), BuilderTestContext.Owner);

        var pod = sts.Spec.Template.Spec.SecurityContext;
        Assert.True(pod.RunAsNonRoot);
        Assert.Equal(101, pod.RunAsUser);
        Assert.Equal(103, pod.RunAsGroup);
        Assert.Equal(103, pod.FsGroup);
        Assert.Equal("RuntimeDefault", pod.SeccompProfile.Type);
        var container = Assert.Single(sts.Spec.Template.Spec.Containers).SecurityContext;
        Assert.False(container.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.Capabilities.Drop);
        Assert.True(container.Capabilities.Add is null or { Count: 0 });
        Assert.NotEqual(true, container.Privileged);
    }
}
