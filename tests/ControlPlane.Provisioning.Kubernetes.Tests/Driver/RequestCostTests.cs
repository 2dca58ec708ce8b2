using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Driver;

/// <summary>What one reconcile costs the API server: a resync of thousands of instances multiplies every request.</summary>
public sealed class RequestCostTests
{
    [Fact]
    public async Task Should_create_a_new_instance_without_reading_the_objects_its_owner_brings()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        var reads = h.Api.Requests.Where(r => r.Method == "GET").Select(r => r.Path).ToList();
        Assert.DoesNotContain(reads, p => p.Contains("/secrets/", StringComparison.Ordinal) || p.Contains("/services/", StringComparison.Ordinal)
            || p.Contains("/roles/", StringComparison.Ordinal) || p.Contains("/networkpolicies/", StringComparison.Ordinal));

        // namespace get+create, its default-deny policy's create, owner get+create, nine creates, the StatefulSet's
        // status and the pods: no claims list, since a StatefulSet created now makes its claims at the desired size.
        Assert.Equal(16, h.Api.Requests.Count);
        Assert.Equal(0, h.Api.CountRequests("GET", "persistentvolumeclaims"));
        Assert.Equal(1, h.Api.CountRequests("GET", "/pods"));
    }

    [Fact]
    public async Task Should_hand_the_reconciler_the_members_it_saw_so_it_need_not_list_them_again()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.NotNull(result.PatroniEndpoints);
        Assert.Equal(["orders-0", "orders-1", "orders-2"], result.PatroniEndpoints.Select(e => e.Member));
        Assert.Equal(
            (await h.Driver.GetPatroniEndpointsAsync(instance, CancellationToken.None)).Select(e => e.ApiUrl),
            result.PatroniEndpoints.Select(e => e.ApiUrl));
    }

    [Fact]
    public async Task Should_read_every_object_once_and_write_nothing_when_the_instance_already_runs()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        h.Api.ClearRequests();

        var again = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(again.Ready, again.Message);
        Assert.Equal(0, h.Api.CountWrites());

        // Eleven objects, the namespace's default-deny policy and (absent) quota, the claims list and the pods; the
        // StatefulSet read by its ensure step is not read again.
        Assert.Equal(15, h.Api.Requests.Count);
        Assert.Equal(1, h.Api.CountRequests("GET", "/statefulsets/orders"));
    }

    [Fact]
    public async Task Should_adopt_and_correct_an_object_left_behind_when_the_owner_is_new()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        var ns = h.Namespace(instance);
        h.Api.Seed("namespaces", null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        h.Api.Seed("services", ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "orders-primary" },
            ["spec"] = new JsonObject { ["selector"] = new JsonObject { ["spilo-role"] = "replica" }, ["ports"] = new JsonArray() },
        });

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        var service = h.Api.GetObject("services", ns, "orders-primary")!;
        Assert.Equal("master", service["spec"]!["selector"]!["spilo-role"]!.GetValue<string>());
        var ownerUid = h.Api.GetObject("configmaps", ns, "orders-instance")!["metadata"]!["uid"]!.GetValue<string>();
        Assert.Equal(ownerUid, service["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        Assert.Equal(1, h.Api.CountRequests("PATCH", "/services/orders-primary"));
    }
}
