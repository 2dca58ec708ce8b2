using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Health;
using static ControlPlane.Provisioning.Tests.Support.Members;

namespace ControlPlane.Provisioning.Tests.Health;

public sealed class InstanceHealthEvaluatorTests
{
    private const long Threshold = 16 * 1024 * 1024;
    private static readonly HighAvailabilityExpectation Synchronous = new(3, true, false);
    private static readonly HighAvailabilityExpectation Strict = new(3, true, true);
    private static readonly HighAvailabilityExpectation Asynchronous = new(3, false, false);
    private static readonly HighAvailabilityExpectation Single = new(1, false, false);

    private static InstanceHealth Evaluate(HighAvailabilityExpectation expected, params MemberObservation[] members) =>
        InstanceHealthEvaluator.Evaluate(
            new InstanceObservation(Guid.NewGuid(), ObservationSources.Patroni, DateTimeOffset.UnixEpoch, members), expected, Threshold);

    [Fact]
    public void Should_be_healthy_and_durable_when_every_member_runs_with_a_sync_standby()
    {
        var health = Evaluate(Synchronous, Leader("m1"), Replica("m2", sync: true), Replica("m3", lag: 1024));

        Assert.Equal(InstanceHealthStates.Healthy, health.State);
        Assert.Equal(InstanceHealthReasons.AllMembersHealthy, health.ReasonCode);
        Assert.Equal("m1", health.PrimaryMember);
        Assert.True(health.SynchronouslyDurable);
        Assert.Equal(3, health.Members.Count);
        Assert.Equal(1024, health.Members.Single(m => m.Name == "m3").LagBytes);
    }

    [Fact]
    public void Should_be_healthy_but_not_synchronously_durable_with_a_single_member()
    {
        var health = Evaluate(Single, Leader("m1"));

        Assert.Equal(InstanceHealthStates.Healthy, health.State);
        Assert.False(health.SynchronouslyDurable);
        Assert.Contains("m1", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_be_healthy_but_not_synchronously_durable_with_asynchronous_replication()
    {
        var health = Evaluate(Asynchronous, Leader("m1"), Replica("m2"), Replica("m3"));

        Assert.Equal(InstanceHealthStates.Healthy, health.State);
        Assert.False(health.SynchronouslyDurable);
    }

    [Fact]
    public void Should_be_degraded_when_a_replica_is_unreachable()
    {
        var health = Evaluate(Synchronous, Leader("m1"), Replica("m2", sync: true), Replica("m3").Unreachable());

        Assert.Equal(InstanceHealthStates.Degraded, health.State);
        Assert.Equal(InstanceHealthReasons.ReplicaDown, health.ReasonCode);
        Assert.Contains("m3 is unreachable", health.Message, StringComparison.Ordinal);
        Assert.True(health.SynchronouslyDurable);
    }

    [Fact]
    public void Should_be_degraded_when_a_replica_is_stopped()
    {
        var health = Evaluate(Asynchronous, Leader("m1"), Replica("m2").Stopped(), Replica("m3"));

        Assert.Equal(InstanceHealthStates.Degraded, health.State);
        Assert.Equal(InstanceHealthReasons.ReplicaDown, health.ReasonCode);
        Assert.Contains("m2 is stopped", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_be_degraded_when_a_replica_lags_beyond_the_threshold()
    {
        var health = Evaluate(Synchronous, Leader("m1"), Replica("m2", sync: true), Replica("m3", lag: Threshold + 1));

        Assert.Equal(InstanceHealthStates.Degraded, health.State);
        Assert.Equal(InstanceHealthReasons.ReplicaLagging, health.ReasonCode);
        Assert.Contains("m3", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_not_count_a_lag_equal_to_the_threshold_as_lagging()
    {
        Assert.Equal(InstanceHealthStates.Healthy, Evaluate(Synchronous, Leader("m1"), Replica("m2", sync: true), Replica("m3", lag: Threshold)).State);
    }

    [Fact]
    public void Should_be_degraded_when_fewer_members_exist_than_asked()
    {
        var health = Evaluate(Synchronous, Leader("m1"), Replica("m2", sync: true));

        Assert.Equal(InstanceHealthStates.Degraded, health.State);
        Assert.Equal(InstanceHealthReasons.MembersMissing, health.ReasonCode);
        Assert.Contains("2 of 3", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_be_degraded_and_not_durable_without_a_sync_standby_when_durability_is_preferred()
    {
        var health = Evaluate(Synchronous, Leader("m1"), Replica("m2"), Replica("m3"));

        Assert.Equal(InstanceHealthStates.Degraded, health.State);
        Assert.Equal(InstanceHealthReasons.NoSynchronousStandby, health.ReasonCode);
        Assert.False(health.SynchronouslyDurable);
    }

    [Fact]
    public void Should_not_count_an_unreachable_sync_standby_as_one()
    {
        var health = Evaluate(Synchronous, Leader("m1"), Replica("m2", sync: true).Unreachable(), Replica("m3"));

        Assert.Equal(InstanceHealthStates.Degraded, health.State);
        Assert.False(health.SynchronouslyDurable);
        Assert.Contains("no synchronous standby", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_be_unavailable_without_a_sync_standby_when_durability_is_required()
    {
        var health = Evaluate(Strict, Leader("m1"), Replica("m2").Unreachable(), Replica("m3").Unreachable());

        Assert.Equal(InstanceHealthStates.Unavailable, health.State);
        Assert.Equal(InstanceHealthReasons.NoSynchronousStandby, health.ReasonCode);
        Assert.Equal("m1", health.PrimaryMember);
    }

    [Fact]
    public void Should_be_failing_over_when_the_leader_is_unreachable_and_replicas_run()
    {
        var health = Evaluate(Synchronous, Leader("m1").Unreachable(), Replica("m2", sync: true), Replica("m3"));

        Assert.Equal(InstanceHealthStates.Unavailable, health.State);
        Assert.Equal(InstanceHealthReasons.FailingOver, health.ReasonCode);
        Assert.Null(health.PrimaryMember);
        Assert.False(health.SynchronouslyDurable);
    }

    [Fact]
    public void Should_be_unavailable_with_no_leader_when_no_member_leads()
    {
        var health = Evaluate(Synchronous, Replica("m1"), Replica("m2"), Replica("m3"));

        Assert.Equal(InstanceHealthStates.Unavailable, health.State);
        Assert.Equal(InstanceHealthReasons.NoLeader, health.ReasonCode);
    }

    [Fact]
    public void Should_be_unavailable_when_the_leader_answers_but_postgres_is_down()
    {
        var health = Evaluate(Synchronous, Leader("m1").Stopped(), Replica("m2", sync: true), Replica("m3"));

        Assert.Equal(InstanceHealthStates.Unavailable, health.State);
        Assert.Equal(InstanceHealthReasons.LeaderNotRunning, health.ReasonCode);
    }

    [Fact]
    public void Should_be_unavailable_when_no_member_answers()
    {
        var health = Evaluate(Synchronous, Leader("m1").Unreachable(), Replica("m2").Unreachable());

        Assert.Equal(InstanceHealthStates.Unavailable, health.State);
        Assert.Equal(InstanceHealthReasons.NoMemberReachable, health.ReasonCode);
    }

    [Fact]
    public void Should_report_the_most_serious_issue_first_and_list_all_of_them()
    {
        var health = Evaluate(Synchronous, Leader("m1"), Replica("m2", lag: Threshold * 2).Unreachable());

        Assert.Equal(InstanceHealthReasons.ReplicaDown, health.ReasonCode);
        Assert.Contains("2 of 3", health.Message, StringComparison.Ordinal);
        Assert.Contains("no synchronous standby", health.Message, StringComparison.Ordinal);
        Assert.Equal($"{health.ReasonCode}: {health.Message}", health.Reason);
    }

    [Fact]
    public void Should_take_the_member_on_the_newest_timeline_as_leader_when_two_claim_it()
    {
        var health = Evaluate(Asynchronous, Leader("m1", timeline: 3), Leader("m2", timeline: 4), Replica("m3"));

        Assert.Equal("m2", health.PrimaryMember);
    }
}
