using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Tests.Support;
using static ControlPlane.Provisioning.Tests.Support.Members;

namespace ControlPlane.Provisioning.Tests.Health;

public sealed class HealthReportingTests
{
    [Fact]
    public async Task Should_publish_health_when_it_changes_and_as_a_heartbeat_only()
    {
        var f = new DetectorFixture(DetectorFixture.ThreeMembersSynchronous, generation: 4);

        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", lag: 0, sync: true), Replica("m3", lag: 0));
        for (var i = 1; i <= 5; i++)
        {
            f.Advance(5);
            // Lag moves on every poll; that alone is no news.
            await f.PatroniSeesAsync(Leader("m1"), Replica("m2", lag: i * 100, sync: true), Replica("m3", lag: i * 200));
        }

        var first = Assert.Single(f.Publisher.Of<InstanceHealthReported>());
        Assert.Equal(InstanceHealthStates.Healthy, first.Health);
        Assert.StartsWith(InstanceHealthReasons.AllMembersHealthy + ": ", first.Reason, StringComparison.Ordinal);
        Assert.Equal("m1", first.PrimaryMember);
        Assert.True(first.SynchronouslyDurable);
        Assert.Equal(4, first.ObservedGeneration);
        Assert.Equal(["m1", "m2", "m3"], first.Members.Select(m => m.Name));

        f.Advance(35);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        var heartbeat = f.Publisher.Of<InstanceHealthReported>();
        Assert.Equal(2, heartbeat.Count);
        Assert.Equal(first.Reason, heartbeat[1].Reason);
        Assert.True(heartbeat[1].Sequence > first.Sequence);

        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3").Unreachable());
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3").Unreachable());

        var reports = f.Publisher.Of<InstanceHealthReported>();
        Assert.Equal(3, reports.Count);
        Assert.Equal(InstanceHealthStates.Degraded, reports[2].Health);
        Assert.StartsWith(InstanceHealthReasons.ReplicaDown, reports[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_report_failing_over_then_the_new_primary_after_a_leader_is_killed()
    {
        var f = new DetectorFixture(DetectorFixture.ThreeMembersSynchronous);
        await f.PatroniSeesAsync(Leader("m1"), Replica("m2", sync: true), Replica("m3"));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", sync: true, timeline: 2));

        var reports = f.Publisher.Of<InstanceHealthReported>();
        Assert.Equal(
            [InstanceHealthStates.Healthy, InstanceHealthStates.Unavailable, InstanceHealthStates.Degraded],
            reports.Select(r => r.Health));
        Assert.StartsWith(InstanceHealthReasons.FailingOver, reports[1].Reason, StringComparison.Ordinal);
        Assert.Null(reports[1].PrimaryMember);
        Assert.Equal("m2", reports[2].PrimaryMember);
        Assert.StartsWith(InstanceHealthReasons.MembersMissing, reports[2].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_publish_health_again_when_the_generation_changes()
    {
        var f = new DetectorFixture(new HighAvailabilityExpectation(1, false, false), generation: 1);
        await f.PatroniSeesAsync(Leader("m1"));
        f.Instances.Track(f.InstanceId, new MonitoredInstance(2, new(1, false, false), []));
        f.Advance(5);
        await f.PatroniSeesAsync(Leader("m1"));

        Assert.Equal([1L, 2L], f.Publisher.Of<InstanceHealthReported>().Select(r => r.ObservedGeneration));
    }

    [Fact]
    public async Task Should_not_report_health_from_the_pod_watch()
    {
        var f = new DetectorFixture();

        await f.PodWatchSeesAsync(Leader("m1"));
        await f.PodWatchSeesAsync(Replica("m2"));

        Assert.Empty(f.Publisher.Of<InstanceHealthReported>());
    }
}
