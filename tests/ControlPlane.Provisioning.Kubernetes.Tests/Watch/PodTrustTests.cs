using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Watch;

/// <summary>Labels are written by whoever can write the pod; the watch believes only pods in the instance's own tenant namespace.</summary>
public sealed class PodTrustTests
{
    private const string IntruderIp = "127.0.99.9";

    [Fact]
    public async Task Should_ignore_pods_labelled_for_another_organisations_instance()
    {
        await using var h = await DriverHarness.StartAsync();
        var victim = TestInstances.Create(name: "billing");
        var tenant = TestInstances.Create(name: "orders");
        Assert.True((await h.Driver.ReconcileAsync(victim, CancellationToken.None)).Ready);
        Assert.True((await h.Driver.ReconcileAsync(tenant, CancellationToken.None)).Ready);
        h.Api.Seed("namespaces", null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "elsewhere" } });
        using var stop = new CancellationTokenSource();
        var run = h.Watcher.RunAsync(stop.Token);
        try
        {
            await Eventually.HoldsAsync(() => h.Api.ActiveWatchCount == 1, "the watch to open");

            // In the other tenant's namespace, labelled as the victim's organisation, and labelled as its own.
            SeedPod(h, h.Namespace(tenant), "billing-9", victim, victim.OrganizationId);
            SeedPod(h, h.Namespace(tenant), "billing-8", victim, tenant.OrganizationId);
            SeedPod(h, "elsewhere", "billing-7", victim, victim.OrganizationId);
            // An event the watch sees after the intruders, so the observation it causes reflects them.
            h.Api.SetPodReady(h.Namespace(victim), "billing-2", ready: false);
            await Eventually.HoldsAsync(
                () => h.Sink.For(victim.InstanceId).Any(o => o.Members.Any(m => m.Member == "billing-2" && !m.Ready)), "the victim's change to be seen");

            var last = h.Sink.For(victim.InstanceId)[^1];
            Assert.Equal(["billing-0", "billing-1", "billing-2"], last.Members.Select(m => m.Member));
            Assert.DoesNotContain(h.Sink.Observations.SelectMany(o => o.Members), m => m.Host == IntruderIp);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    private static void SeedPod(DriverHarness h, string ns, string name, DesiredInstance claimed, Guid organizationLabel)
    {
        var labels = new JsonObject();
        foreach (var (key, value) in InstanceLabels.For(claimed))
        {
            labels[key] = value;
        }

        labels[InstanceLabels.OrganizationId] = InstanceLabels.Id(organizationLabel);
        labels["spilo-role"] = "master";
        h.Api.Seed("pods", ns, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = IntruderIp,
                ["conditions"] = new JsonArray(new JsonObject { ["type"] = "Ready", ["status"] = "True" }),
            },
        });
    }
}
