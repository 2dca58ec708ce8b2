using System.Text.Json;
using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;
using k8s;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Specs;

public sealed class StatefulSetBuilderTests
{
    private readonly KubernetesDriverOptions _options = new();

    [Theory]
    [InlineData(true, 2, 3)]
    [InlineData(true, 1, 2)]
    [InlineData(false, 0, 1)]
    public void Should_run_one_pod_per_member(bool ha, int replicas, int pods)
    {
        var sts = StatefulSetBuilder.Build(TestInstances.Create(ha: ha, replicas: replicas), _options, BuilderTestContext.Owner);

        Assert.Equal(pods, sts.Spec.Replicas);
    }

    [Theory]
    [InlineData(true, ReplicationMode.Synchronous, DataDurability.Preferred, true, false)]
    [InlineData(true, ReplicationMode.Synchronous, DataDurability.Required, true, true)]
    [InlineData(true, ReplicationMode.Asynchronous, DataDurability.Required, false, false)]
    [InlineData(false, ReplicationMode.Synchronous, DataDurability.Required, false, false)]
    public void Should_configure_patroni_synchronous_mode_from_the_ha_spec(
        bool ha, ReplicationMode mode, DataDurability durability, bool synchronous, bool strict)
    {
        var instance = TestInstances.Create(ha: ha, mode: mode, durability: durability);
        var sts = StatefulSetBuilder.Build(instance, _options, BuilderTestContext.Owner);

        var config = Env(sts)["SPILO_CONFIGURATION"]!;
        using var doc = JsonDocument.Parse(config);
        var dcs = doc.RootElement.GetProperty("bootstrap").GetProperty("dcs");

        Assert.Equal(synchronous, dcs.GetProperty("synchronous_mode").GetBoolean());
        Assert.Equal(strict, dcs.GetProperty("synchronous_mode_strict").GetBoolean());
        Assert.Equal(30, dcs.GetProperty("ttl").GetInt32());
        Assert.Equal(10, dcs.GetProperty("loop_wait").GetInt32());
        Assert.Equal(10, dcs.GetProperty("retry_timeout").GetInt32());
    }

    [Fact]
    public void Should_size_the_container_from_the_plan_with_requests_equal_to_limits()
    {
        var sts = StatefulSetBuilder.Build(TestInstances.Create(vcpu: 0.5m, memoryMb: 2048, storageGb: 25), _options, BuilderTestContext.Owner);
        var container = Assert.Single(sts.Spec.Template.Spec.Containers);

        Assert.Equal("500m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("2Gi", container.Resources.Requests["memory"].ToString());
        Assert.Equal(container.Resources.Requests["cpu"].ToString(), container.Resources.Limits["cpu"].ToString());
        Assert.Equal(container.Resources.Requests["memory"].ToString(), container.Resources.Limits["memory"].ToString());
        Assert.Equal("25Gi", Assert.Single(sts.Spec.VolumeClaimTemplates).Spec.Resources.Requests["storage"].ToString());
    }

    [Fact]
    public void Should_never_write_a_secret_value_into_the_statefulset()
    {
        var sts = StatefulSetBuilder.Build(TestInstances.Create(), _options, BuilderTestContext.Owner);

        var json = KubernetesJson.Serialize(sts);

        Assert.All(TestInstances.Secrets, secret => Assert.DoesNotContain(secret, json, StringComparison.Ordinal));
        var env = Assert.Single(sts.Spec.Template.Spec.Containers).Env;
        Assert.All(
            env.Where(e => e.Name.Contains("PASSWORD", StringComparison.Ordinal) || e.Name.StartsWith("PATRONI_RESTAPI", StringComparison.Ordinal)),
            e =>
            {
                Assert.Null(e.Value);
                Assert.Equal("orders-credentials", e.ValueFrom.SecretKeyRef.Name);
            });
    }

    [Fact]
    public void Should_reference_keys_that_the_secret_holds()
    {
        var instance = TestInstances.Create();
        var secret = SecretBuilder.Build(instance, _options, BuilderTestContext.Owner);
        var sts = StatefulSetBuilder.Build(instance, _options, BuilderTestContext.Owner);

        var referenced = Assert.Single(sts.Spec.Template.Spec.Containers).Env
            .Where(e => e.ValueFrom?.SecretKeyRef is not null)
            .Select(e => e.ValueFrom.SecretKeyRef.Key)
            .ToList();

        Assert.Equal(4, referenced.Count);
        Assert.All(referenced, key => Assert.True(secret.Data.ContainsKey(key), $"secret lacks {key}"));
        Assert.Equal(TestInstances.SuperuserPassword, System.Text.Encoding.UTF8.GetString(secret.Data[SecretKeys.SuperuserPassword]));
    }

    [Fact]
    public void Should_point_patroni_at_the_kubernetes_dcs_with_the_role_label()
    {
        var env = Env(StatefulSetBuilder.Build(TestInstances.Create(), _options, BuilderTestContext.Owner));

        Assert.Equal("orders", env["SCOPE"]);
        Assert.Equal("17", env["PGVERSION"]);
        Assert.Equal("true", env["DCS_ENABLE_KUBERNETES_API"]);
        Assert.Equal("true", env["KUBERNETES_USE_CONFIGMAPS"]);
        Assert.Equal("spilo-role", env["KUBERNETES_ROLE_LABEL"]);
        Assert.Equal("app.kubernetes.io/instance", env["KUBERNETES_SCOPE_LABEL"]);
    }

    [Fact]
    public void Should_probe_readiness_on_patroni_and_spread_members_across_nodes_and_zones()
    {
        var sts = StatefulSetBuilder.Build(TestInstances.Create(), _options, BuilderTestContext.Owner);
        var container = Assert.Single(sts.Spec.Template.Spec.Containers);
        var terms = sts.Spec.Template.Spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution;

        Assert.Equal("/readiness", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("8008", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], terms.Select(t => t.PodAffinityTerm.TopologyKey));
        Assert.Null(sts.Spec.Template.Spec.Affinity.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution);
    }

    [Fact]
    public void Should_spread_only_across_nodes_when_zone_anti_affinity_is_off()
    {
        var options = new KubernetesDriverOptions { ZoneAntiAffinity = false };
        var sts = StatefulSetBuilder.Build(TestInstances.Create(), options, BuilderTestContext.Owner);

        var term = Assert.Single(sts.Spec.Template.Spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", term.PodAffinityTerm.TopologyKey);
    }

    [Fact]
    public void Should_use_the_image_configured_for_the_major_and_keep_or_drop_volumes_as_configured()
    {
        var options = new KubernetesDriverOptions { Images = { ["17"] = "registry.local/spilo:17" }, KeepVolumesOnDelete = true, StorageClassName = "fast" };

        var sts = StatefulSetBuilder.Build(TestInstances.Create(), options, BuilderTestContext.Owner);

        Assert.Equal("registry.local/spilo:17", Assert.Single(sts.Spec.Template.Spec.Containers).Image);
        Assert.Equal("Retain", sts.Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted);
        Assert.Equal("fast", sts.Spec.VolumeClaimTemplates[0].Spec.StorageClassName);
        Assert.Equal("Delete", StatefulSetBuilder.Build(TestInstances.Create(), new KubernetesDriverOptions(), BuilderTestContext.Owner).Spec.PersistentVolumeClaimRetentionPolicy.WhenDeleted);
    }

    private static Dictionary<string, string?> Env(k8s.Models.V1StatefulSet sts) =>
        Assert.Single(sts.Spec.Template.Spec.Containers).Env.ToDictionary(e => e.Name, string? (e) => e.Value);
}
