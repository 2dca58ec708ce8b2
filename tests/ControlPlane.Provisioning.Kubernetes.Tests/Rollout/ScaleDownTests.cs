using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Rollout;

/// <summary>Scale-down removes the highest ordinals: when the leader holds one of them, it hands over first.</summary>
public sealed class ScaleDownTests
{
    [Fact]
    public async Task Should_switch_over_to_a_remaining_member_before_scaling_away_the_leaders_ordinal()
    {
        var instance = TestInstances.Create(mode: ReplicationMode.Asynchronous);
        await using var p = await PatroniHarness.StartAsync(instance);
        p.Driver.Api.SimulateFailover(p.Namespace, "orders-0", "orders-2");

        var result = await p.ReconcileUntilReadyAsync(instance.With(new HighAvailabilitySpec(true, 1, ReplicationMode.Asynchronous, DataDurability.Preferred)));

        var switchover = Assert.Single(p.Patroni.Calls, c => c.Path == "/switchover");
        Assert.Equal(200, switchover.Status);
        Assert.Equal("orders-2", switchover.Body!["leader"]!.GetValue<string>());
        Assert.Contains(switchover.Body!["candidate"]!.GetValue<string>(), new[] { "orders-0", "orders-1" });
        var scaled = p.Driver.Api.Requests.Select((r, i) => (r, i)).First(x => x.r.Method == "PATCH" && x.r.Path.EndsWith("/statefulsets/orders", StringComparison.Ordinal)).i;
        Assert.True(switchover.KubernetesRequestsBefore <= scaled, "the StatefulSet was scaled down before the switchover");
        Assert.Equal(["orders-0", "orders-1"], p.Driver.PodNames(instance));
        Assert.Equal(switchover.Body!["candidate"]!.GetValue<string>(), result.PrimaryMember);
        Assert.Equal(Guid.Empty, p.Expected.Take(instance.InstanceId, DateTimeOffset.UtcNow)?.OperationId);
    }

    [Fact]
    public async Task Should_hand_the_leader_role_to_the_first_member_before_turning_ha_off()
    {
        var instance = TestInstances.Create();
        await using var p = await PatroniHarness.StartAsync(instance);
        p.Driver.Api.SimulateFailover(p.Namespace, "orders-0", "orders-2");
        Assert.Equal("orders-0", p.Patroni.SyncStandby);

        var result = await p.ReconcileUntilReadyAsync(instance.With(HighAvailabilitySpec.Off));

        var switchover = Assert.Single(p.Patroni.Calls, c => c.Path == "/switchover");
        Assert.Equal(("orders-2", "orders-0", 200), (switchover.Body!["leader"]!.GetValue<string>(), switchover.Body!["candidate"]!.GetValue<string>(), switchover.Status));
        Assert.Equal(["orders-0"], p.Driver.PodNames(instance));
        Assert.Equal("orders-0", result.PrimaryMember);
        Assert.False(p.Patroni.Config["synchronous_mode"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Should_leave_synchronous_mode_before_handing_over_when_ha_off_removes_the_sync_standby_too()
    {
        var instance = TestInstances.Create();
        await using var p = await PatroniHarness.StartAsync(instance);
        p.Driver.Api.SimulateFailover(p.Namespace, "orders-0", "orders-2");
        p.Patroni.PreferredSyncStandby = "orders-1";
        var before = p.Patroni.Calls.Count;

        var result = await p.ReconcileUntilReadyAsync(instance.With(HighAvailabilitySpec.Off));

        var calls = p.Patroni.Calls.Skip(before).ToList();
        Assert.Equal(["PATCH /config", "POST /switchover"], calls.Select(c => $"{c.Method} {c.Path}"));
        Assert.False(calls[0].Body!["synchronous_mode"]!.GetValue<bool>());
        Assert.Equal(("orders-2", "orders-0", 200), (calls[1].Body!["leader"]!.GetValue<string>(), calls[1].Body!["candidate"]!.GetValue<string>(), calls[1].Status));
        Assert.Equal(["orders-0"], p.Driver.PodNames(instance));
        Assert.Equal("orders-0", result.PrimaryMember);
    }

    [Fact]
    public async Task Should_scale_down_without_a_switchover_when_the_leader_stays()
    {
        var instance = TestInstances.Create(mode: ReplicationMode.Asynchronous);
        await using var p = await PatroniHarness.StartAsync(instance);

        var result = await p.ReconcileUntilReadyAsync(instance.With(new HighAvailabilitySpec(true, 1, ReplicationMode.Asynchronous, DataDurability.Preferred)));

        Assert.Equal("orders-0", result.PrimaryMember);
        Assert.Equal(["orders-0", "orders-1"], p.Driver.PodNames(instance));
        Assert.DoesNotContain(p.Patroni.Calls, c => c.Path == "/switchover");
    }
}
