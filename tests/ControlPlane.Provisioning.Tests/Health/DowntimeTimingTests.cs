using ControlPlane.Contracts.Events;
using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Tests.Support;
using static ControlPlane.Provisioning.Tests.Support.Members;

namespace ControlPlane.Provisioning.Tests.Health;

/// <summary>
/// The downtime a failover records is what clients lived through: from the death of the old leader (as the driver saw
/// it, or halfway between the last poll that saw it serving and the first that missed it) to the first moment a commit
/// could succeed on the new one.
/// </summary>
public sealed class DowntimeTimingTests
{
    private static HighAvailabilityExpectation Required => HighAvailabilityExpectation.From(
        new HighAvailabilitySpec(true, 2, ReplicationMode.Synchronous, DataDurability.Required));

    [Fact]
    public async Task Should_start_the_downtime_halfway_between_the_last_poll_that_saw_the_leader_serving_and_the_first_that_missed_it()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(5);
        var lastServing = f.Now;
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));
        f.Advance(0.25);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));
        f.Advance(7);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(lastServing.AddSeconds(2.5), change.PrimaryLostAt);
        Assert.Equal(TimeSpan.FromSeconds(9.75), change.Downtime);
    }

    [Fact]
    public async Task Should_end_the_downtime_when_a_synchronous_standby_attaches_when_durability_is_required()
    {
        var f = new DetectorFixture(Required);
        var lastServing = f.Now;
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(1);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));
        f.Advance(8);

        // Promoted, but no standby is synchronous yet: every commit still waits.
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 1));
        f.Advance(0.25);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 2));
        Assert.Empty(f.Publisher.Of<LeaderChanged>());
        Assert.Equal([f.InstanceId], f.Detector.InstancesWithLeaderLost(lastServing));

        // The pod watch cannot tell a synchronous standby from another: it ends nothing.
        f.Advance(0.25);
        await f.PodWatchSeesAsync(Replica("m3", sync: true));
        Assert.Empty(f.Publisher.Of<LeaderChanged>());

        f.Advance(2.5);
        var attached = f.Now;
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", sync: true, timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(("m1", "m2", 2), (change.OldPrimary, change.NewPrimary, change.NewTimeline));
        Assert.Equal(lastServing.AddSeconds(0.5), change.PrimaryLostAt);
        Assert.Equal(attached, change.NewPrimaryReadyAt);
        Assert.Equal(TimeSpan.FromSeconds(11.5), change.Downtime);
        Assert.Empty(f.Detector.InstancesWithLeaderLost(DateTimeOffset.MinValue));

        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", sync: true, timeline: 2));
        Assert.Single(f.Publisher.Of<LeaderChanged>());
    }

    [Fact]
    public async Task Should_end_the_downtime_when_the_new_leader_runs_when_durability_is_preferred()
    {
        var f = new DetectorFixture(DetectorFixture.ThreeMembersSynchronous);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(1);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));
        f.Advance(8);
        var promoted = f.Now;

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 1));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(promoted, change.NewPrimaryReadyAt);
        Assert.Equal(TimeSpan.FromSeconds(8.5), change.Downtime);
    }

    [Fact]
    public async Task Should_record_the_change_without_a_synchronous_standby_once_the_wait_is_over()
    {
        var f = new DetectorFixture(Required);
        f.Options.SynchronousStandbyWait = TimeSpan.FromSeconds(30);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(1);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3").Unreachable());
        f.Advance(8);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3").Unreachable());
        f.Advance(29);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3").Unreachable());
        Assert.Empty(f.Publisher.Of<LeaderChanged>());

        f.Advance(1);
        var givenUp = f.Now;
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3").Unreachable());

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(givenUp, change.NewPrimaryReadyAt);
        Assert.Equal(TimeSpan.FromSeconds(38.5), change.Downtime);
    }

    [Fact]
    public async Task Should_publish_a_change_waiting_for_its_standby_on_a_later_observation_when_publishing_failed()
    {
        var f = new DetectorFixture(Required);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(1);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 2));
        f.Advance(1);
        f.Publisher.FailNext = 1;
        await Assert.ThrowsAnyAsync<Exception>(async () => await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", sync: true, timeline: 2)));
        f.Advance(1);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", sync: true, timeline: 2));

        Assert.Single(f.Publisher.Of<LeaderChanged>());
    }

    [Fact]
    public async Task Should_start_the_downtime_at_the_death_the_driver_saw_when_it_knows_it()
    {
        var f = new DetectorFixture();
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(3.5);
        var died = f.Now;
        f.Advance(1.5);
        // The poll misses the leader first; the pod watch then tells when its container ended.
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));
        f.Advance(0.5);
        await f.PodWatchSeesAsync(Leader("m1") with { Ready = false, DiedAt = died });
        f.Advance(6);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal(died, change.PrimaryLostAt);
        Assert.Equal(TimeSpan.FromSeconds(8), change.Downtime);
    }

    [Fact]
    public async Task Should_ignore_a_death_the_leader_had_recovered_from_before_it_was_last_seen_serving()
    {
        var f = new DetectorFixture();
        var longAgo = f.Now.AddHours(-1);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(1);
        await f.PodWatchSeesAsync(Leader("m1") with { DiedAt = longAgo });
        var lastServing = f.Now;
        f.Advance(2);
        await f.PodWatchSeesAsync(Leader("m1") with { Ready = false, DiedAt = longAgo });
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));
        f.Advance(5);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", timeline: 2));

        Assert.Equal(lastServing.AddSeconds(1), Assert.Single(f.Publisher.Of<LeaderChanged>()).PrimaryLostAt);
    }
}
