using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Tests.Support;
using static ControlPlane.Provisioning.Tests.Support.Members;

namespace ControlPlane.Provisioning.Tests.Health;

public sealed class FailoverDetectorTests
{
    [Fact]
    public async Task Should_not_report_a_failover_for_the_first_leader_seen()
    {
        var f = new DetectorFixture();

        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));

        Assert.Empty(f.Publisher.Of<LeaderChanged>());
    }

    [Fact]
    public async Task Should_record_a_failover_that_began_before_the_first_health_poll_from_the_leader_the_reconciler_saw()
    {
        var f = new DetectorFixture();
        // The reconcile pass that reported the instance ready saw m1 lead; the leader was killed before any health poll.
        var readySeenAt = f.Now;
        f.Instances.Track(f.InstanceId, new MonitoredInstance(7, new(3, true, false), []) { Leader = new("m1", readySeenAt) });
        f.Advance(4);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", lag: 0, sync: true), Replica("m3", lag: 0));
        f.Advance(10);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", lag: 0, sync: true, timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal((LeaderChanged.Failover, "m1", "m2", 2), (change.Kind, change.OldPrimary, change.NewPrimary, change.NewTimeline));
        Assert.Equal(readySeenAt.AddSeconds(2), change.PrimaryLostAt);
    }

    [Fact]
    public async Task Should_not_report_a_change_when_the_first_poll_sees_the_leader_the_reconciler_saw()
    {
        var f = new DetectorFixture();
        f.Instances.Track(f.InstanceId, new MonitoredInstance(7, new(3, true, false), []) { Leader = new("m1", f.Now) });
        f.Advance(5);

        await f.PatroniSeesAsync(Leader("m1", timeline: 3), Replica("m2", sync: true, timeline: 3), Replica("m3", timeline: 3));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1", timeline: 3), Replica("m2", sync: true, timeline: 3), Replica("m3", timeline: 3));

        Assert.Empty(f.Publisher.Of<LeaderChanged>());
    }

    [Fact]
    public async Task Should_record_one_failover_when_leader_is_killed()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", lag: 4096, sync: true), Replica("m3", lag: 8192));
        // The leader died between the last poll that saw it serving and the first that missed it: halfway.
        var lostAt = f.Now.AddSeconds(5 / 2.0);
        f.Advance(5);
        // Right after kill -9: /cluster still lists m1 as leader, but its own API refuses connections.
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", lag: 0, sync: true), Replica("m3", lag: 0));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", lag: 0, sync: true), Replica("m3", lag: 0));
        f.Advance(4);
        var readyAt = f.Now;

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", lag: 99_999, timeline: 1));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", lag: 0, sync: true, timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(LeaderChanged.Failover, change.Kind);
        Assert.Null(change.OperationId);
        Assert.Equal(f.InstanceId, change.InstanceId);
        Assert.Equal(7, change.ObservedGeneration);
        Assert.Equal("m1", change.OldPrimary);
        Assert.Equal("m2", change.NewPrimary);
        Assert.Equal(2, change.NewTimeline);
        Assert.Equal(lostAt, change.PrimaryLostAt);
        Assert.Equal(readyAt, change.NewPrimaryReadyAt);
        Assert.Equal(TimeSpan.FromSeconds(11.5), change.Downtime);
        Assert.Equal(4096, change.LastSeenLagBytes);
        Assert.True(change.PromotedWasSynchronous);
        Assert.Equal("patroni", change.Source);
    }

    [Fact]
    public async Task Should_report_the_promoted_member_as_asynchronous_when_it_was_not_the_sync_standby()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3", lag: 512));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2").Unreachable(), Replica("m3", lag: 512));
        f.Advance(10);

        await f.PatroniSeesAsync(Leader("m3", timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.False(change.PromotedWasSynchronous);
        Assert.Equal(512, change.LastSeenLagBytes);
    }

    [Fact]
    public async Task Should_count_a_leader_missing_from_a_complete_observation_as_lost()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        // The leader died between the last poll that saw it serving and the first that missed it: halfway.
        var lostAt = f.Now.AddSeconds(5 / 2.0);
        f.Advance(5);
        await f.PatroniSeesAsync(Replica("m2", sync: true));
        f.Advance(3);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2));

        Assert.Equal(lostAt, Assert.Single(f.Publisher.Of<LeaderChanged>()).PrimaryLostAt);
    }

    [Fact]
    public async Task Should_leave_primary_lost_at_empty_when_the_leader_was_never_seen_lost()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        f.Advance(5);

        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Leader("m2", timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Null(change.PrimaryLostAt);
        Assert.Null(change.Downtime);
    }

    [Fact]
    public async Task Should_publish_one_leader_change_when_pod_watch_sees_it_before_patroni()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", lag: 128, sync: true), Replica("m3"));
        // The leader died between the last poll that saw it serving and the first that missed it: halfway.
        var lostAt = f.Now.AddSeconds(1 / 2.0);
        f.Advance(1);
        await f.PodWatchSeesAsync(Leader("m1").Unreachable());
        f.Advance(9);
        await f.PodWatchSeesAsync(Leader("m2"));
        f.Advance(2);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 2));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", sync: true, timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal("pod-watch", change.Source);
        Assert.Equal("m2", change.NewPrimary);
        Assert.Null(change.NewTimeline);
        Assert.Equal(lostAt, change.PrimaryLostAt);
        Assert.Equal(128, change.LastSeenLagBytes);
        Assert.True(change.PromotedWasSynchronous);
    }

    [Fact]
    public async Task Should_publish_one_leader_change_when_patroni_sees_it_before_pod_watch()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 2));
        f.Advance(1);

        // The pod watch reports the promotion late, and the old leader's pod still labelled as master.
        await f.PodWatchSeesAsync(Leader("m2"));
        await f.PodWatchSeesAsync(Leader("m1"));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal("patroni", change.Source);
        Assert.Equal(2, change.NewTimeline);
    }

    [Fact]
    public async Task Should_not_take_a_lagging_patroni_view_of_the_old_leader_for_a_second_change()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        f.Advance(5);
        await f.PodWatchSeesAsync(Leader("m1").Unreachable());
        await f.PodWatchSeesAsync(Leader("m2"));
        // Patroni's poll still catches m1 as leader of timeline 1 once, then sees m2 on timeline 2.
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m1", timeline: 2));

        Assert.Single(f.Publisher.Of<LeaderChanged>());
    }

    [Fact]
    public async Task Should_report_a_second_failover_on_the_next_timeline()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", sync: true, timeline: 2));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2).Unreachable(), Replica("m3", sync: true, timeline: 2));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m3", timeline: 3));

        var changes = f.Publisher.Of<LeaderChanged>();
        Assert.Equal([2, 3], changes.Select(c => c.NewTimeline));
        Assert.Equal(["m2", "m3"], changes.Select(c => c.NewPrimary));
        Assert.True(changes.Select(c => c.Sequence).SequenceEqual(changes.Select(c => c.Sequence).Order()));
    }

    [Fact]
    public async Task Should_report_a_restart_not_a_failover_when_the_leader_comes_back_on_a_new_timeline()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        // The leader died between the last poll that saw it serving and the first that missed it: halfway.
        var lostAt = f.Now.AddSeconds(2 / 2.0);
        f.Advance(2);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true));
        f.Advance(5);
        var backAt = f.Now;

        await f.PatroniSeesAsync(Leader("m1", timeline: 2), Replica("m2", sync: true, timeline: 2));
        f.Advance(2);
        await f.PatroniSeesAsync(Leader("m1", timeline: 2), Replica("m2", sync: true, timeline: 2));

        var restart = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(LeaderChanged.Restart, restart.Kind);
        Assert.Equal(("m1", "m1", 2), (restart.OldPrimary, restart.NewPrimary, restart.NewTimeline));
        Assert.Equal(lostAt, restart.PrimaryLostAt);
        Assert.Equal(backAt, restart.NewPrimaryReadyAt);
        Assert.Equal(TimeSpan.FromSeconds(6), restart.Downtime);
        Assert.Empty(f.Detector.InstancesWithLeaderLost(DateTimeOffset.MinValue));
    }

    [Fact]
    public async Task Should_leave_an_expected_switchover_to_the_change_it_asked_for_when_the_leader_restarts()
    {
        var f = new DetectorFixture();
        var operationId = Guid.NewGuid();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        f.Switchovers.Expect(f.InstanceId, operationId, "m2", f.Now.AddMinutes(2));
        f.Advance(2);
        await f.PatroniSeesAsync(Leader("m1", timeline: 2), Replica("m2", sync: true, timeline: 2));
        f.Advance(2);
        await f.PatroniSeesAsync(Leader("m2", timeline: 3), Replica("m1", sync: true, timeline: 3));

        var changes = f.Publisher.Of<LeaderChanged>();
        Assert.Equal([LeaderChanged.Restart, LeaderChanged.Switchover], changes.Select(c => c.Kind));
        Assert.Null(changes[0].OperationId);
        Assert.Equal(operationId, changes[1].OperationId);
    }

    [Fact]
    public async Task Should_not_report_anything_when_the_leader_was_stopped_and_started_on_the_same_timeline()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        f.Advance(2);
        await f.PatroniSeesAsync(Leader("m1").Stopped(), Replica("m2", sync: true));
        f.Advance(2);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));

        Assert.Empty(f.Publisher.Of<LeaderChanged>());
    }

    [Fact]
    public async Task Should_list_an_instance_for_close_watch_from_the_leader_loss_until_a_leader_is_back()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        Assert.Empty(f.Detector.InstancesWithLeaderLost(DateTimeOffset.MinValue));

        // The leader died between the last poll that saw it serving and the first that missed it: halfway.
        var lostAt = f.Now.AddSeconds(5 / 2.0);
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));
        Assert.Equal([f.InstanceId], f.Detector.InstancesWithLeaderLost(lostAt));
        // A loss older than the watch window is left to the normal pace.
        Assert.Empty(f.Detector.InstancesWithLeaderLost(lostAt.AddTicks(1)));

        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 2));
        Assert.Empty(f.Detector.InstancesWithLeaderLost(DateTimeOffset.MinValue));
        Assert.Single(f.Publisher.Of<LeaderChanged>());
    }

    [Fact]
    public async Task Should_ignore_a_leader_on_an_older_timeline()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1", timeline: 5), Replica("m2", sync: true, timeline: 5));
        f.Advance(5);

        await f.PatroniSeesAsync(Leader("m1", timeline: 5).Unreachable(), Leader("m2", timeline: 4));

        Assert.Empty(f.Publisher.Of<LeaderChanged>());
    }

    [Fact]
    public async Task Should_publish_the_change_on_the_next_observation_when_publishing_failed()
    {
        var f = new DetectorFixture();
        var operationId = Guid.NewGuid();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        f.Switchovers.Expect(f.InstanceId, operationId, null, f.Now.AddMinutes(1));
        f.Publisher.FailNext = 1;

        await Assert.ThrowsAsync<InvalidOperationException>(() => f.PatroniSeesAsync(Leader("m2", timeline: 2)).AsTask());
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(operationId, change.OperationId);
    }

    [Fact]
    public async Task Should_ignore_observations_of_an_instance_that_is_not_monitored()
    {
        var f = new DetectorFixture();
        f.Instances.Untrack(f.InstanceId);

        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        await f.PatroniSeesAsync(Leader("m2", timeline: 2));

        Assert.Empty(f.Publisher.Of<LeaderChanged>());
        Assert.Empty(f.Publisher.Of<InstanceHealthReported>());
    }

    [Fact]
    public async Task Should_publish_once_when_both_sources_report_the_change_at_the_same_time()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true));
        f.Advance(5);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m1", timeline: 2)).AsTask()
            : f.PodWatchSeesAsync(Leader("m2")).AsTask()));

        Assert.Single(f.Publisher.Of<LeaderChanged>());
    }
}
