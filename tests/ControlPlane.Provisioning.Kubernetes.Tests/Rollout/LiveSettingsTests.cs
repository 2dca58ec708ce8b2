using System.Text.Json.Nodes;
using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Rollout;

public sealed class LiveSettingsTests
{
    [Fact]
    public async Task Should_change_the_replication_mode_through_patch_config_and_leave_the_pod_template_and_pods_alone()
    {
        var instance = TestInstances.Create(mode: ReplicationMode.Synchronous, durability: DataDurability.Required);
        await using var p = await PatroniHarness.StartAsync(instance);
        var template = p.Driver.Api.GetObject("statefulsets", p.Namespace, "orders")!["spec"]!["template"]!.ToJsonString();
        var pods = p.PodUids();
        var before = p.Patroni.Calls.Count;

        var relaxed = await p.ReconcileUntilReadyAsync(instance.With(new HighAvailabilitySpec(true, 2, ReplicationMode.Asynchronous, DataDurability.Preferred)));

        var patch = Assert.Single(p.Patroni.Calls.Skip(before));
        Assert.Equal(("PATCH", "/config", 200, "orders-0"), (patch.Method, patch.Path, patch.Status, patch.Member));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"synchronous_mode":false,"synchronous_mode_strict":false}"""), patch.Body), patch.Body?.ToJsonString());
        Assert.False(p.Patroni.Config["synchronous_mode"]!.GetValue<bool>());
        Assert.Equal(template, p.Driver.Api.GetObject("statefulsets", p.Namespace, "orders")!["spec"]!["template"]!.ToJsonString());
        Assert.Equal(pods, p.PodUids());
        Assert.Equal(0, p.Driver.Api.CountRequests("DELETE", "/pods/"));
        Assert.Equal("orders-0", relaxed.PrimaryMember);
    }

    [Fact]
    public async Task Should_bootstrap_a_new_cluster_with_the_specs_synchronous_settings_and_keep_that_bootstrap_for_its_life()
    {
        await using var h = await DriverHarness.StartAsync();
        var strict = TestInstances.Create(mode: ReplicationMode.Synchronous, durability: DataDurability.Required);
        string Bootstrap(Drivers.DesiredInstance i) =>
            h.Api.Get<k8s.Models.V1StatefulSet>("statefulsets", h.Namespace(i), i.Name)!.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "SPILO_CONFIGURATION").Value;
        await h.Driver.ReconcileAsync(strict, CancellationToken.None);
        var created = Bootstrap(strict);

        await h.Driver.ReconcileAsync(strict.With(new HighAvailabilitySpec(true, 2, ReplicationMode.Asynchronous, DataDurability.Preferred)), CancellationToken.None);
        var relaxedNew = TestInstances.Create(mode: ReplicationMode.Asynchronous, name: "billing");
        await h.Driver.ReconcileAsync(relaxedNew, CancellationToken.None);

        var dcs = JsonNode.Parse(created)!["bootstrap"]!["dcs"]!;
        Assert.True(dcs["synchronous_mode"]!.GetValue<bool>());
        Assert.True(dcs["synchronous_mode_strict"]!.GetValue<bool>());
        Assert.Equal(created, Bootstrap(strict));
        Assert.False(JsonNode.Parse(Bootstrap(relaxedNew))!["bootstrap"]!["dcs"]!["synchronous_mode"]!.GetValue<bool>());
    }
}
