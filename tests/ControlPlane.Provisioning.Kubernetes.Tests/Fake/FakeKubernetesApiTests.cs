using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Kubernetes.Fake;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Fake;

/// <summary>The double must behave like the API server where the driver depends on it, or the driver tests prove nothing.</summary>
public sealed class FakeKubernetesApiTests
{
    private static V1ConfigMap ConfigMap(string name, Dictionary<string, string>? labels = null) =>
        new() { Metadata = new V1ObjectMeta { Name = name, Labels = labels } };

    [Fact]
    public async Task Should_answer_like_the_api_server_for_missing_existing_and_stale_objects()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        using var client = (k8s.Kubernetes)api.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });

        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "team");
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("b", "team"));
        var duplicate = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "team"));
        created.Data = new Dictionary<string, string> { ["k"] = "v" };
        var replaced = await client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "team");
        created.Data["k"] = "stale";
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "team"));

        Assert.False(string.IsNullOrEmpty(created.Metadata.Uid));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Contains("\"reason\":\"NotFound\"", missing.Response.Content, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Response.StatusCode);
        Assert.Contains("AlreadyExists", duplicate.Response.Content, StringComparison.Ordinal);
        Assert.True(long.Parse(replaced.Metadata.ResourceVersion) > long.Parse(created.Metadata.ResourceVersion));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
    }

    [Fact]
    public async Task Should_filter_lists_by_equality_and_set_selectors()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        foreach (var (name, tier) in new[] { ("a", "db"), ("b", "web"), ("c", "cache") })
        {
            await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name, new Dictionary<string, string> { ["tier"] = tier, ["app"] = "x" }), "team");
        }

        var equal = await client.CoreV1.ListNamespacedConfigMapAsync("team", labelSelector: "tier=db,app=x");
        var inSet = await client.CoreV1.ListNamespacedConfigMapAsync("team", labelSelector: "tier in (db, cache)");
        var notEqual = await client.CoreV1.ListNamespacedConfigMapAsync("team", labelSelector: "tier!=db");

        Assert.Equal(["a"], equal.Items.Select(i => i.Metadata.Name));
        Assert.Equal(["a", "c"], inSet.Items.Select(i => i.Metadata.Name));
        Assert.Equal(["b", "c"], notEqual.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task Should_run_statefulset_pods_on_loopback_and_delete_dependents_with_their_owner()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        var labels = new Dictionary<string, string> { ["app"] = "db" };
        await client.AppsV1.CreateNamespacedStatefulSetAsync(new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1StatefulSetSpec
            {
                Replicas = 2,
                ServiceName = "db",
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = labels }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "i" }] } },
            },
        }, "team");

        var pods = (await client.CoreV1.ListNamespacedPodAsync("team", labelSelector: "app=db")).Items;
        var sts = await client.AppsV1.ReadNamespacedStatefulSetAsync("db", "team");
        await client.AppsV1.DeleteNamespacedStatefulSetAsync("db", "team");

        Assert.Equal(["db-0", "db-1"], pods.Select(p => p.Metadata.Name));
        Assert.All(pods, p => Assert.StartsWith("127.0.10.", p.Status.PodIP, StringComparison.Ordinal));
        Assert.Equal(["master", "replica"], pods.Select(p => p.Metadata.Labels["spilo-role"]));
        Assert.Equal(2, sts.Status.ReadyReplicas);
        Assert.Empty(api.ListObjects("pods", "team"));
    }

    [Fact]
    public async Task Should_stream_watch_events_from_a_resource_version_and_answer_410_when_it_is_too_old()
    {
        await using var api = await FakeKubernetesApi.StartAsync(new FakeKubernetesOptions { WatchHistoryWindow = 2 });
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        var start = (await client.CoreV1.ListNamespacedConfigMapAsync("team")).Metadata.ResourceVersion;
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "team");
        await client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch), "a", "team");

        var events = new List<(WatchEventType, string)>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await foreach (var (type, cm) in client.CoreV1.WatchListNamespacedConfigMapAsync("team", resourceVersion: start, timeoutSeconds: 1, cancellationToken: cts.Token))
        {
            events.Add((type, cm.Data is { } d && d.TryGetValue("k", out var v) ? v : ""));
        }

        await client.CoreV1.DeleteNamespacedConfigMapAsync("a", "team");
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b"), "team");
        Exception? error = null;
        await foreach (var _ in client.CoreV1.WatchListNamespacedConfigMapAsync("team", resourceVersion: start, onError: e => error = e, cancellationToken: cts.Token))
        {
            Assert.Fail("no event may be delivered from an expired version");
        }

        Assert.Equal([(WatchEventType.Added, ""), (WatchEventType.Modified, "v")], events);
        Assert.Equal(410, Assert.IsType<KubernetesException>(error).Status.Code);
    }

    [Fact]
    public async Task Should_refuse_patch_types_it_does_not_implement()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        api.Seed("namespaces", null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "team" } });
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "team");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v"}}""", V1Patch.PatchType.ApplyPatch), "a", "team", fieldManager: "t"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, error.Response.StatusCode);
    }

    [Fact]
    public async Task Should_refuse_to_shrink_a_claim_or_change_a_statefulsets_volume_templates()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var client = api.CreateClient();
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team" } });
        await client.CoreV1.CreateNamespacedPersistentVolumeClaimAsync(new V1PersistentVolumeClaim
        {
            Metadata = new V1ObjectMeta { Name = "data" },
            Spec = new V1PersistentVolumeClaimSpec
            {
                Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("10Gi") } },
            },
        }, "team");

        var grown = await client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch("""{"spec":{"resources":{"requests":{"storage":"20Gi"}}}}""", V1Patch.PatchType.MergePatch), "data", "team");
        var shrink = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(
            new V1Patch("""{"spec":{"resources":{"requests":{"storage":"5Gi"}}}}""", V1Patch.PatchType.MergePatch), "data", "team"));

        Assert.Equal("20Gi", grown.Status.Capacity["storage"].ToString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, shrink.Response.StatusCode);
    }
}
