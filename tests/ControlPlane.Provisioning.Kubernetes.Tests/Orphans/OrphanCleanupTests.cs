using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;
using ControlPlane.Provisioning.Reconciliation;
using k8s;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Orphans;

/// <summary>The resync hands the driver an orphan's id only (OrphanInstance.Tombstone): the cluster must be found and removed from that.</summary>
public sealed class OrphanCleanupTests
{
    [Fact]
    public async Task Should_remove_every_object_of_an_orphaned_cluster_given_only_its_id()
    {
        await using var h = await DriverHarness.StartAsync();
        var orphan = TestInstances.Create();
        var ns = h.Namespace(orphan);
        Assert.True((await h.Driver.ReconcileAsync(orphan, CancellationToken.None)).Ready);
        Assert.Contains(orphan.InstanceId, await h.Driver.ListManagedInstancesAsync(CancellationToken.None));

        var gone = await h.Driver.DeleteAsync(OrphanInstance.Tombstone(orphan.InstanceId, orphan.Region), CancellationToken.None);

        Assert.True(gone);
        var selector = InstanceLabels.InstanceSelector(orphan.InstanceId);
        foreach (var kind in new[] { "configmaps", "secrets", "statefulsets", "services", "pods", "persistentvolumeclaims" })
        {
            Assert.Empty(h.Api.ListObjects(kind, ns, selector));
        }

        Assert.Empty(await h.Driver.ListManagedInstancesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Should_find_an_orphaned_cluster_whose_statefulset_is_already_gone()
    {
        await using var h = await DriverHarness.StartAsync();
        var orphan = TestInstances.Create();
        var ns = h.Namespace(orphan);
        await h.Driver.ReconcileAsync(orphan, CancellationToken.None);
        using var client = h.Api.CreateClient();
        await client.AppsV1.DeleteNamespacedStatefulSetAsync(InstanceNaming.StatefulSet(orphan), ns);

        Assert.Contains(orphan.InstanceId, await h.Driver.ListManagedInstancesAsync(CancellationToken.None));
        Assert.True(await h.Driver.DeleteAsync(OrphanInstance.Tombstone(orphan.InstanceId, orphan.Region), CancellationToken.None));
        Assert.Empty(h.Api.ListObjects("services", ns, InstanceLabels.InstanceSelector(orphan.InstanceId)));
    }

    [Fact]
    public async Task Should_not_take_objects_outside_the_managed_namespaces_for_clusters_of_its_own()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        h.Api.Seed("namespaces", null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "someone-else" } });
        var labels = new JsonObject();
        foreach (var (key, value) in InstanceLabels.For(instance))
        {
            labels[key] = value;
        }

        h.Api.Seed("configmaps", "someone-else", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "lookalike", ["labels"] = labels } });
        h.Api.Seed("statefulsets", "someone-else", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "lookalike", ["labels"] = labels.DeepClone() },
            ["spec"] = new JsonObject { ["replicas"] = 0 },
        });

        Assert.Empty(await h.Driver.ListManagedInstancesAsync(CancellationToken.None));
        Assert.True(await h.Driver.DeleteAsync(OrphanInstance.Tombstone(instance.InstanceId, instance.Region), CancellationToken.None));
        Assert.NotNull(h.Api.GetObject("configmaps", "someone-else", "lookalike"));
        Assert.NotNull(h.Api.GetObject("statefulsets", "someone-else", "lookalike"));
    }
}
