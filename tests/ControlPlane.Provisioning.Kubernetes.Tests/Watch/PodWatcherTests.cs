using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Watch;

public sealed class PodWatcherTests
{
    private static async Task<(DriverHarness H, DesiredInstance Instance, CancellationTokenSource Stop, Task Run)> StartWatchingAsync()
    {
        var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        var stop = new CancellationTokenSource();
        var run = h.Watcher.RunAsync(stop.Token);
        await Eventually.HoldsAsync(() => h.Sink.For(instance.InstanceId).Any(o => RecordingSink.Leader(o) == "orders-0"), "the first observation with orders-0 leading");
        // The first observation comes from the list; faults and drops must hit the watch opened right after it.
        await Eventually.HoldsAsync(() => h.Api.ActiveWatchCount == 1, "the watch to open");
        return (h, instance, stop, run);
    }

    private static async Task StopAsync(DriverHarness h, CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await run;
        stop.Dispose();
        await h.DisposeAsync();
    }

    private static bool ShowsFailoverTo(InstanceObservation o, string leader) =>
        o.Complete && o.Members.Count == 3 && RecordingSink.Leader(o) == leader
        && o.Members.Count(m => m.Role == MemberRole.Replica) == 2;

    [Fact]
    public async Task Should_report_the_full_member_set_of_each_instance_from_one_cluster_wide_watch()
    {
        var (h, instance, stop, run) = await StartWatchingAsync();
        try
        {
            var first = h.Sink.For(instance.InstanceId).First(o => RecordingSink.Leader(o) == "orders-0");

            Assert.Equal("pod-watch", first.Source);
            Assert.True(first.Complete);
            Assert.Equal(["orders-0", "orders-1", "orders-2"], first.Members.Select(m => m.Member));
            Assert.All(first.Members, m =>
            {
                Assert.True(m.Ready);
                Assert.True(m.Reachable);
                Assert.StartsWith("127.0.10.", m.Host, StringComparison.Ordinal);
            });
            var watches = h.Api.Requests.Where(r => r.IsWatch).ToList();
            Assert.Single(watches);
            Assert.Equal("/api/v1/pods", watches[0].Path);
            Assert.Contains("labelSelector=app.kubernetes.io%2Fmanaged-by%3Dcontrolplane", watches[0].Query, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(h, stop, run);
        }
    }

    [Fact]
    public async Task Should_observe_the_leader_change_when_the_role_label_moves()
    {
        var (h, instance, stop, run) = await StartWatchingAsync();
        try
        {
            h.Api.SimulateFailover(h.Namespace(instance), "orders-0", "orders-1");

            await Eventually.HoldsAsync(() => h.Sink.For(instance.InstanceId).Any(o => ShowsFailoverTo(o, "orders-1")), "an observation with orders-1 leading");
            var leaders = h.Sink.For(instance.InstanceId).Select(RecordingSink.Leader).Where(l => l is not null).Distinct().ToList();
            Assert.Equal(["orders-0", "orders-1"], leaders);
        }
        finally
        {
            await StopAsync(h, stop, run);
        }
    }

    [Fact]
    public async Task Should_resume_a_dropped_watch_from_its_last_version_without_missing_a_change()
    {
        var (h, instance, stop, run) = await StartWatchingAsync();
        try
        {
            // The reconnect fails once, so the failover happens while no watch is open.
            h.Api.FailNextRequests(1, 500, "watch=true");
            h.Api.DropWatches(abortConnection: true);
            h.Api.SimulateFailover(h.Namespace(instance), "orders-0", "orders-2");

            await Eventually.HoldsAsync(() => h.Sink.For(instance.InstanceId).Any(o => ShowsFailoverTo(o, "orders-2")), "an observation with orders-2 leading");
            Assert.Equal(1, h.Watcher.Lists);
            Assert.Equal(0, h.Api.PendingFaults);
            var resumed = h.Api.Requests.Where(r => r.IsWatch).Last();
            Assert.Contains("resourceVersion=", resumed.Query, StringComparison.Ordinal);
        }
        finally
        {
            await StopAsync(h, stop, run);
        }
    }

    [Fact]
    public async Task Should_list_again_when_the_watch_history_has_expired()
    {
        var (h, instance, stop, run) = await StartWatchingAsync();
        try
        {
            h.Api.FailNextRequests(1, 500, "watch=true");
            h.Api.DropWatches();
            h.Api.SimulateFailover(h.Namespace(instance), "orders-0", "orders-1");
            h.Api.CompactWatchHistory();

            await Eventually.HoldsAsync(() => h.Watcher.Lists == 2, "a second list after 410 Gone");
            await Eventually.HoldsAsync(() => h.Sink.For(instance.InstanceId).Any(o => ShowsFailoverTo(o, "orders-1")), "the relist's observation with orders-1 leading");
            Assert.Equal(2, h.Api.Requests.Count(r => r.Path == "/api/v1/pods" && !r.IsWatch));
        }
        finally
        {
            await StopAsync(h, stop, run);
        }
    }

    [Fact]
    public async Task Should_resume_from_a_bookmark_without_listing_again_after_history_is_compacted()
    {
        var (h, instance, stop, run) = await StartWatchingAsync();
        try
        {
            h.Api.SimulateFailover(h.Namespace(instance), "orders-0", "orders-1");
            await Eventually.HoldsAsync(() => h.Sink.For(instance.InstanceId).Any(o => ShowsFailoverTo(o, "orders-1")), "the failover event");
            // Changes outside the watch's selector advance the version without reaching the watcher...
            h.Api.Seed("configmaps", h.Namespace(instance), new System.Text.Json.Nodes.JsonObject { ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "unrelated" } });
            var expected = h.Api.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // ...so only the bookmark tells it how far it has really read.
            h.Api.SendBookmarks();
            await Task.Delay(200);
            h.Api.CompactWatchHistory();
            h.Api.DropWatches();

            await Eventually.HoldsAsync(() => h.Api.Requests.Count(r => r.IsWatch) == 2, "the resumed watch");
            var resumed = h.Api.Requests.Last(r => r.IsWatch);
            Assert.Contains($"resourceVersion={expected}", resumed.Query, StringComparison.Ordinal);
            await Task.Delay(300);
            Assert.Equal(1, h.Watcher.Lists);
        }
        finally
        {
            await StopAsync(h, stop, run);
        }
    }

    [Fact]
    public async Task Should_report_an_instance_with_no_members_once_its_pods_are_gone()
    {
        var (h, instance, stop, run) = await StartWatchingAsync();
        try
        {
            Assert.True(await h.Driver.DeleteAsync(instance, CancellationToken.None));

            await Eventually.HoldsAsync(() => h.Sink.For(instance.InstanceId) is { Count: > 0 } all && all[^1] is { Complete: true, Members.Count: 0 }, "an empty, complete observation");
        }
        finally
        {
            await StopAsync(h, stop, run);
        }
    }
}
