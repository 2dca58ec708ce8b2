using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;
using k8s;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Driver;

public sealed class ProvisioningTests
{
    private static readonly string[] OwnedKinds =
        ["configmaps", "secrets", "serviceaccounts", "roles", "rolebindings", "statefulsets", "services", "poddisruptionbudgets", "networkpolicies"];

    [Fact]
    public async Task Should_create_exactly_the_expected_objects_with_consistent_labels_and_report_ready()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        var ns = h.Namespace(instance);

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        Assert.Equal("orders-0", result.PrimaryMember);
        Assert.Equal($"orders-primary.{ns}.svc", result.Endpoints!.PrimaryHost);
        Assert.Equal($"orders-replicas.{ns}.svc", result.Endpoints.ReadOnlyHost);
        Assert.Equal(5432, result.Endpoints.PrimaryPort);

        var selector = InstanceLabels.InstanceSelector(instance.InstanceId);
        var names = OwnedKinds.SelectMany(k => h.Api.ListObjects(k, ns, selector).Select(o => $"{k}/{o["metadata"]!["name"]}")).Order().ToList();
        Assert.Equal(
            [
                "configmaps/orders-instance", "networkpolicies/orders", "poddisruptionbudgets/orders", "rolebindings/orders-patroni",
                "roles/orders-patroni", "secrets/orders-credentials", "serviceaccounts/orders-patroni", "services/orders-primary",
                "services/orders-replicas", "statefulsets/orders",
            ],
            names);
        Assert.Equal(["orders-0", "orders-1", "orders-2"], h.PodNames(instance));
        Assert.Equal(3, h.Api.ListObjects("persistentvolumeclaims", ns, selector).Count);

        var ownerUid = h.Api.GetObject("configmaps", ns, "orders-instance")!["metadata"]!["uid"]!.GetValue<string>();
        var owned = OwnedKinds.Skip(1).SelectMany(k => h.Api.ListObjects(k, ns, selector)).ToList();
        Assert.All(owned, o => Assert.Equal(ownerUid, o["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Should_route_the_primary_service_to_exactly_the_leader_pod()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        var ns = h.Namespace(instance);

        string Selector(string service) => string.Join(",",
            h.Api.GetObject("services", ns, service)!["spec"]!["selector"]!.AsObject().Select(p => $"{p.Key}={p.Value}"));

        Assert.Equal(["orders-0"], h.Api.ListObjects("pods", ns, Selector("orders-primary")).Select(p => p["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(2, h.Api.ListObjects("pods", ns, Selector("orders-replicas")).Count);
    }

    [Fact]
    public async Task Should_write_nothing_when_the_same_command_is_delivered_again()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        var before = h.Api.CurrentResourceVersion;
        h.Api.ClearRequests();

        var again = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(again.Ready, again.Message);
        Assert.Equal(0, h.Api.CountWrites());
        Assert.Equal(before, h.Api.CurrentResourceVersion);
        Assert.Single(h.Api.ListObjects("statefulsets", h.Namespace(instance)));
        Assert.Equal(3, h.PodNames(instance).Count);
    }

    [Fact]
    public async Task Should_adopt_an_existing_object_and_patch_only_what_differs()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        var ns = h.Namespace(instance);
        h.Api.SetPodLabel(ns, "orders-0", "unrelated", "x");
        var client = h.Api.CreateClient();
        await client.CoreV1.PatchNamespacedServiceAsync(
            new k8s.Models.V1Patch("""{"spec":{"selector":{"spilo-role":"replica"}}}""", k8s.Models.V1Patch.PatchType.MergePatch), "orders-primary", ns);
        h.Api.ClearRequests();

        await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.Equal("master", h.Api.GetObject("services", ns, "orders-primary")!["spec"]!["selector"]!["spilo-role"]!.GetValue<string>());
        Assert.Equal(1, h.Api.CountWrites());
        Assert.Equal(1, h.Api.CountRequests("PATCH", "/services/orders-primary"));
    }

    [Fact]
    public async Task Should_keep_instances_of_one_organisation_apart_in_its_namespace()
    {
        await using var h = await DriverHarness.StartAsync();
        var orders = TestInstances.Create(ha: false);
        var billing = TestInstances.Create(ha: false, name: "billing", organizationId: orders.OrganizationId);

        await h.Driver.ReconcileAsync(orders, CancellationToken.None);
        await h.Driver.ReconcileAsync(billing, CancellationToken.None);

        Assert.Equal(h.Namespace(orders), h.Namespace(billing));
        Assert.Equal(["orders-0"], h.PodNames(orders));
        Assert.Equal(["billing-0"], h.PodNames(billing));
        Assert.Equal(new HashSet<Guid> { orders.InstanceId, billing.InstanceId }, (await h.Driver.ListManagedInstancesAsync(CancellationToken.None)).ToHashSet());
    }
}
