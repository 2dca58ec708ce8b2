using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Tests.Support;
using static ControlPlane.Provisioning.Tests.Support.Members;

namespace ControlPlane.Provisioning.Tests.Health;

/// <summary>A worker taking an instance over starts failover detection from the primary the control plane last recorded.</summary>
public sealed class TakeoverBaselineTests
{
    private static readonly DateTimeOffset Reported = new(2026, 12, 2, 5, 13, 30, TimeSpan.Zero);

    [Fact]
    public void Should_start_from_the_recorded_primary_when_the_first_pass_sees_another_leader()
    {
        var baseline = TakeoverBaseline.For(new LeaderSighting("m1", Reported), new LeaderSighting("m2", Reported.AddSeconds(15)));

        Assert.Equal(new LeaderSighting("m1", Reported), baseline);
    }

    [Fact]
    public void Should_keep_what_the_pass_saw_when_it_matches_the_record_or_nothing_is_recorded()
    {
        var seen = new LeaderSighting("m1", Reported.AddSeconds(15));

        Assert.Equal(seen, TakeoverBaseline.For(new LeaderSighting("m1", Reported), seen));
        Assert.Equal(seen, TakeoverBaseline.For(null, seen));
        Assert.Null(TakeoverBaseline.For(new LeaderSighting("m1", Reported), null));
    }

    [Fact]
    public void Should_not_date_the_recorded_primary_after_what_the_pass_saw()
    {
        var seen = new LeaderSighting("m2", Reported);

        Assert.Equal(new LeaderSighting("m1", Reported), TakeoverBaseline.For(new LeaderSighting("m1", DateTimeOffset.MinValue), seen));
        Assert.Equal(new LeaderSighting("m1", Reported), TakeoverBaseline.For(new LeaderSighting("m1", Reported.AddSeconds(5)), seen));
    }

    [Fact]
    public async Task Should_record_a_failover_that_happened_while_no_worker_owned_the_instance()
    {
        // The old owner was killed, and the leader m1 a moment later; the new owner's first pass already sees m2 leading
        // on timeline 2, while the control plane's record still names m1.
        var f = new DetectorFixture();
        var recordedAt = f.Now;
        f.Advance(15);
        var seen = new LeaderSighting("m2", f.Now);
        f.Instances.Track(f.InstanceId, new MonitoredInstance(7, new(3, true, false), []) { Leader = TakeoverBaseline.For(new("m1", recordedAt), seen) });
        f.Advance(5);

        await f.PatroniSeesAsync(Leader("m2", timeline: 2), Replica("m3", lag: 0, sync: true, timeline: 2), Replica("m1", lag: 0, timeline: 2));

        var change = Assert.Single(f.Publisher.Of<LeaderChanged>());
        Assert.Equal((LeaderChanged.Failover, "m1", "m2", 2), (change.Kind, change.OldPrimary, change.NewPrimary, change.NewTimeline));
    }
}
