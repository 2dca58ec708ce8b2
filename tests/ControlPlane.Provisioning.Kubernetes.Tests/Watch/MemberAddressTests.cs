using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Watch;

/// <summary>The health prober reaches members at the addresses the pod watch last saw, not those of the last reconcile.</summary>
public sealed class MemberAddressTests
{
    [Fact]
    public async Task Should_probe_a_pod_that_comes_back_with_a_new_ip_at_its_new_ip()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        var ns = h.Namespace(instance);
        var ready = await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        var monitored = h.Services.GetRequiredService<IMonitoredInstances>();
        monitored.Track(instance, ready.PatroniEndpoints!);
        var before = h.Api.PodIp(ns, "orders-1");
        using var stop = new CancellationTokenSource();
        var run = h.Watcher.RunAsync(stop.Token);
        try
        {
            await Eventually.HoldsAsync(() => h.Api.ActiveWatchCount == 1, "the watch to open");
            using var client = h.Api.CreateClient();

            h.Api.MoveOnRecreate(ns, "orders-1");
            await client.CoreV1.DeleteNamespacedPodAsync("orders-1", ns);

            var after = h.Api.PodIp(ns, "orders-1");
            Assert.NotEqual(before, after);
            await Eventually.HoldsAsync(
                () => monitored.TryGet(instance.InstanceId, out var info) && info.Endpoints.Any(e => e.Member == "orders-1" && e.ApiUrl.Host == after),
                "the prober's address of orders-1 to follow the pod");
            Assert.True(monitored.TryGet(instance.InstanceId, out var tracked));
            Assert.Equal(["orders-0", "orders-1", "orders-2"], tracked.Endpoints.Select(e => e.Member));
            Assert.Equal(instance.Generation, tracked.Generation);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }
}
