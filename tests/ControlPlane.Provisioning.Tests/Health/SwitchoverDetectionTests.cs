using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Tests.Support;
using static ControlPlane.Provisioning.Tests.Support.Members;

namespace ControlPlane.Provisioning.Tests.Health;

/// <summary>A leader change the API asked for is a switchover; any other is a failover.</summary>
public sealed class SwitchoverDetectionTests
{
    [Fact]
    public async Task Should_label_a_requested_leader_change_as_a_switchover_with_its_operation()
    {
        var f = new DetectorFixture();
        var operationId = Guid.NewGuid();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", lag: 64, sync: true), Replica("m3"));
        f.Switchovers.Expect(f.InstanceId, operationId, "m2", f.Now.AddMinutes(1));
        f.Advance(3);

        await f.PatroniSeesAsync(Replica("m1", timeline: 2), Leader("m2", timeline: 2), Replica("m3", timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(LeaderChanged.Switchover, change.Kind);
        Assert.Equal(operationId, change.OperationId);
        Assert.Null(change.PrimaryLostAt);
        Assert.True(change.PromotedWasSynchronous);
        Assert.Equal(64, change.LastSeenLagBytes);
        Assert.Null(f.Switchovers.Take(f.InstanceId, f.Now));
    }

    [Fact]
    public async Task Should_label_a_leader_change_as_a_failover_when_the_switchover_request_expired()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        f.Switchovers.Expect(f.InstanceId, Guid.NewGuid(), "m2", f.Now.AddSeconds(30));
        f.Advance(60);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m1", timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(LeaderChanged.Failover, change.Kind);
        Assert.Null(change.OperationId);
    }

    [Fact]
    public async Task Should_label_a_leader_change_as_a_failover_when_the_switchover_was_cancelled()
    {
        var f = new DetectorFixture();
        var operationId = Guid.NewGuid();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        f.Switchovers.Expect(f.InstanceId, operationId, "m2", f.Now.AddMinutes(1));
        f.Switchovers.Cancel(f.InstanceId, operationId);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2));

        Assert.Equal(LeaderChanged.Failover, Assert.Single(f.Publisher.Of<LeaderChanged>()).Kind);
    }
}
