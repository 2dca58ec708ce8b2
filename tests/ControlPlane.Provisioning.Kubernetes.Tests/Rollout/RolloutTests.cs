using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Rollout;

/// <summary>Changes that need new pods: replicas first, one planned switchover to an updated replica, the old primary last.</summary>
public sealed class RolloutTests
{
    [Fact]
    public async Task Should_replace_the_replicas_then_switch_over_once_to_the_sync_standby_then_replace_the_old_primary()
    {
        var instance = TestInstances.Create();
        await using var p = await PatroniHarness.StartAsync(instance);
        Assert.Equal("orders-0", p.Leader());
        Assert.Equal("orders-1", p.Patroni.SyncStandby);

        var result = await p.ReconcileUntilReadyAsync(instance.WithMemory(2048));

        var requests = p.Driver.Api.Requests;
        var deletions = requests.Select((r, i) => (Request: r, Index: i)).Where(x => x.Request.Method == "DELETE" && x.Request.Path.Contains("/pods/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["orders-2", "orders-1", "orders-0"], deletions.Select(d => d.Request.Path.Split('/')[^1]));
        var switchover = Assert.Single(p.Patroni.Calls, c => c.Path == "/switchover");
        Assert.Equal(200, switchover.Status);
        Assert.Equal("orders-0", switchover.Body!["leader"]!.GetValue<string>());
        Assert.Equal("orders-1", switchover.Body!["candidate"]!.GetValue<string>());
        // After both replicas were replaced, before the old primary was.
        Assert.InRange(switchover.KubernetesRequestsBefore, deletions[1].Index + 1, deletions[2].Index);
        Assert.Equal("orders-1", result.PrimaryMember);

        var revision = p.Driver.Api.GetObject("statefulsets", p.Namespace, "orders")!["status"]!["updateRevision"]!.GetValue<string>();
        Assert.All(p.Driver.PodNames(instance), pod => Assert.Equal(revision, p.Label(pod, "controller-revision-hash")));
        Assert.All(p.Driver.PodNames(instance), pod => Assert.Equal(
            "2Gi", p.Driver.Api.GetObject("pods", p.Namespace, pod)!["spec"]!["containers"]![0]!["resources"]!["limits"]!["memory"]!.GetValue<string>()));

        // The failover detector takes this expectation when it sees the leader change: a switchover, not a failover.
        var expected = p.Expected.Take(instance.InstanceId, DateTimeOffset.UtcNow);
        Assert.NotNull(expected);
        Assert.Equal((Guid.Empty, "orders-1"), (expected.OperationId, expected.TargetMember));
    }

    [Fact]
    public async Task Should_replace_the_only_member_in_place_without_a_switchover()
    {
        var instance = TestInstances.Create(ha: false);
        await using var p = await PatroniHarness.StartAsync(instance);
        var before = p.PodUids()["orders-0"];

        var result = await p.ReconcileUntilReadyAsync(instance.WithMemory(2048));

        Assert.True(result.Ready);
        Assert.Equal(1, p.Driver.Api.CountRequests("DELETE", "/pods/orders-0"));
        Assert.NotEqual(before, p.PodUids()["orders-0"]);
        Assert.DoesNotContain(p.Patroni.Calls, c => c.Path == "/switchover");
    }

    [Fact]
    public async Task Should_not_replace_the_next_member_while_a_replaced_one_is_not_ready()
    {
        var instance = TestInstances.Create();
        await using var p = await PatroniHarness.StartAsync(instance);
        var bigger = instance.WithMemory(2048);
        await p.Driver.Driver.ReconcileAsync(bigger, CancellationToken.None);
        Assert.Equal(1, p.Driver.Api.CountRequests("DELETE", "/pods/orders-2"));
        p.Driver.Api.SetPodReady(p.Namespace, "orders-2", ready: false);

        var waiting = await p.Driver.Driver.ReconcileAsync(bigger, CancellationToken.None);

        Assert.Equal("rollout", waiting.Step);
        Assert.Contains("orders-2", waiting.Message, StringComparison.Ordinal);
        Assert.Equal(1, p.Driver.Api.CountRequests("DELETE", "/pods/"));
        Assert.DoesNotContain(p.Patroni.Calls, c => c.Path == "/switchover");
    }
}
