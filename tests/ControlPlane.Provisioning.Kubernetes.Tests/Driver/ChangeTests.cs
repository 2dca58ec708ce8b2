using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Driver;

public sealed class ChangeTests
{
    [Fact]
    public async Task Should_remove_the_highest_member_when_replicas_go_from_two_to_one()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create(replicas: 2);
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        var result = await h.Driver.ReconcileAsync(
            instance.With(new HighAvailabilitySpec(true, 1, ReplicationMode.Synchronous, DataDurability.Preferred)), CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        Assert.Equal(["orders-0", "orders-1"], h.PodNames(instance));
        Assert.Equal(2, h.Api.GetObject("statefulsets", h.Namespace(instance), "orders")!["spec"]!["replicas"]!.GetValue<int>());
        Assert.NotNull(h.Api.GetObject("persistentvolumeclaims", h.Namespace(instance), InstanceNaming.DataClaim(instance, 2)));
    }

    [Fact]
    public async Task Should_drop_and_restore_the_replica_service_and_budget_when_ha_is_turned_off_and_on()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        var ns = h.Namespace(instance);
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        var off = await h.Driver.ReconcileAsync(instance.With(HighAvailabilitySpec.Off), CancellationToken.None);

        Assert.True(off.Ready, off.Message);
        Assert.Null(off.Endpoints!.ReadOnlyHost);
        Assert.Equal(["orders-0"], h.PodNames(instance));
        Assert.Null(h.Api.GetObject("services", ns, "orders-replicas"));
        Assert.Null(h.Api.GetObject("poddisruptionbudgets", ns, "orders"));

        var on = await h.Driver.ReconcileAsync(instance.With(new HighAvailabilitySpec(true, 2, ReplicationMode.Asynchronous, DataDurability.Preferred)), CancellationToken.None);

        Assert.True(on.Ready, on.Message);
        Assert.Equal(["orders-0", "orders-1", "orders-2"], h.PodNames(instance));
        Assert.NotNull(h.Api.GetObject("services", ns, "orders-replicas"));
        Assert.NotNull(h.Api.GetObject("poddisruptionbudgets", ns, "orders"));
        // The bootstrap stays what the cluster was created with; Patroni's live settings follow the spec (PATCH /config).
        var sts = h.Api.Get<k8s.Models.V1StatefulSet>("statefulsets", ns, "orders")!;
        var bootstrap = sts.Spec.Template.Spec.Containers[0].Env.Single(e => e.Name == "SPILO_CONFIGURATION").Value;
        Assert.Contains("\"synchronous_mode\":true", bootstrap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_grow_storage_by_patching_the_claims_and_never_shrink_them()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create(storageGb: 10);
        var ns = h.Namespace(instance);
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        string Storage(string claim) => h.Api.GetObject("persistentvolumeclaims", ns, claim)!["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>();

        var grown = await h.Driver.ReconcileAsync(instance.WithStorage(20), CancellationToken.None);

        Assert.True(grown.Ready, grown.Message);
        Assert.All([InstanceNaming.DataClaim(instance, 0), InstanceNaming.DataClaim(instance, 1), InstanceNaming.DataClaim(instance, 2)], c => Assert.Equal("20Gi", Storage(c)));
        Assert.Equal("10Gi", h.Api.GetObject("statefulsets", ns, "orders")!["spec"]!["volumeClaimTemplates"]![0]!["spec"]!["resources"]!["requests"]!["storage"]!.GetValue<string>());
        h.Api.ClearRequests();

        await h.Driver.ReconcileAsync(instance.WithStorage(15), CancellationToken.None);

        Assert.All([InstanceNaming.DataClaim(instance, 0), InstanceNaming.DataClaim(instance, 1), InstanceNaming.DataClaim(instance, 2)], c => Assert.Equal("20Gi", Storage(c)));
        Assert.Equal(0, h.Api.CountRequests("PATCH", "persistentvolumeclaims"));
    }

    [Fact]
    public async Task Should_remove_everything_but_the_namespace_on_delete()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        var ns = h.Namespace(instance);
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        await h.Driver.ReconcileAsync(instance.With(new HighAvailabilitySpec(true, 1, ReplicationMode.Synchronous, DataDurability.Preferred)), CancellationToken.None);
        // Patroni's own DCS ConfigMap, labelled through KUBERNETES_LABELS but not owned by us.
        h.Api.Seed("configmaps", ns, new System.Text.Json.Nodes.JsonObject
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "orders-leader",
                ["labels"] = new System.Text.Json.Nodes.JsonObject { [InstanceLabels.InstanceId] = instance.InstanceId.ToString() },
            },
        });

        var gone = await h.Driver.DeleteAsync(instance, CancellationToken.None);

        Assert.True(gone);
        var selector = InstanceLabels.InstanceSelector(instance.InstanceId);
        foreach (var kind in new[] { "configmaps", "secrets", "serviceaccounts", "roles", "rolebindings", "statefulsets", "services", "poddisruptionbudgets", "networkpolicies", "pods", "persistentvolumeclaims" })
        {
            Assert.Empty(h.Api.ListObjects(kind, ns, selector));
        }

        Assert.NotNull(h.Api.GetObject("namespaces", null, ns));
        Assert.Empty(await h.Driver.ListManagedInstancesAsync(CancellationToken.None));
        Assert.True(await h.Driver.DeleteAsync(instance, CancellationToken.None));
    }

    [Fact]
    public async Task Should_keep_the_volumes_on_delete_when_configured_to()
    {
        await using var h = await DriverHarness.StartAsync(new Dictionary<string, string?> { ["KeepVolumesOnDelete"] = "true" });
        var instance = TestInstances.Create();
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        var gone = await h.Driver.DeleteAsync(instance, CancellationToken.None);

        Assert.True(gone);
        Assert.Empty(h.PodNames(instance));
        Assert.Equal(3, h.Api.ListObjects("persistentvolumeclaims", h.Namespace(instance), InstanceLabels.InstanceSelector(instance.InstanceId)).Count);
    }

    [Fact]
    public async Task Should_requeue_until_the_pods_are_ready()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        h.Api.SetPodReady(h.Namespace(instance), "orders-2", ready: false);

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.False(result.Ready);
        Assert.Equal("pods", result.Step);
        Assert.Equal(TimeSpan.FromSeconds(1), result.RequeueAfter);
        Assert.Null(result.PermanentFailure);
    }
}
