using ControlPlane.Provisioning.Patroni;

namespace ControlPlane.Provisioning.Tests.Patroni;

public sealed class SwitchoverRulesTests
{
    private static readonly ClusterView Healthy = new(
    [
        new ClusterMember("orders-0", "leader", "running", 1, null, false),
        new ClusterMember("orders-1", "sync_standby", "running", 1, 0, false),
        new ClusterMember("orders-2", "replica", "running", 1, 0, false),
    ]);

    [Fact]
    public void Should_allow_the_sync_standby_in_synchronous_mode() =>
        Assert.Null(SwitchoverRules.Check(Healthy, "orders-1", synchronousMode: true));

    [Fact]
    public void Should_reject_an_async_replica_in_synchronous_mode_naming_the_sync_standby()
    {
        var reason = SwitchoverRules.Check(Healthy, "orders-2", synchronousMode: true);

        Assert.NotNull(reason);
        Assert.Contains("orders-1", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_allow_any_streaming_replica_in_asynchronous_mode() =>
        Assert.Null(SwitchoverRules.Check(Healthy, "orders-2", synchronousMode: false));

    [Fact]
    public void Should_reject_a_name_that_is_not_a_member() =>
        Assert.Contains("not a member", SwitchoverRules.Check(Healthy, "orders-7", synchronousMode: false), StringComparison.Ordinal);

    [Fact]
    public void Should_reject_a_stopped_replica()
    {
        var view = new ClusterView([new ClusterMember("orders-0", "leader", "running", 2, null, false), new ClusterMember("orders-1", "replica", "stopped", null, null, false)]);

        Assert.Contains("not streaming", SwitchoverRules.Check(view, "orders-1", synchronousMode: false), StringComparison.Ordinal);
    }
}
