using ControlPlane.Provisioning.Kubernetes.Rollout;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Rollout;

public sealed class RolloutPlannerTests
{
    private static RolloutMember Pod(int ordinal, bool updated, bool leader = false, bool ready = true, bool terminating = false) =>
        new($"orders-{ordinal}", ordinal, updated, ready, leader, terminating);

    [Fact]
    public void Should_replace_the_highest_outdated_replica_first() =>
        Assert.Equal(
            new RolloutStep(RolloutStepKind.ReplacePod, "orders-2", "replacing replica orders-2 with the current pod template"),
            RolloutPlanner.Next([Pod(0, false, leader: true), Pod(1, false), Pod(2, false)], 3));

    [Fact]
    public void Should_switch_over_when_only_the_leader_is_outdated()
    {
        var step = RolloutPlanner.Next([Pod(0, false, leader: true), Pod(1, true), Pod(2, true)], 3);

        Assert.Equal((RolloutStepKind.SwitchOver, "orders-0"), (step.Kind, step.Pod));
    }

    [Fact]
    public void Should_replace_the_old_primary_once_it_is_a_replica()
    {
        var step = RolloutPlanner.Next([Pod(0, false), Pod(1, true, leader: true), Pod(2, true)], 3);

        Assert.Equal((RolloutStepKind.ReplacePod, "orders-0"), (step.Kind, step.Pod));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Should_wait_while_a_member_is_not_ready_or_terminating(bool ready, bool terminating)
    {
        var step = RolloutPlanner.Next([Pod(0, false, leader: true), Pod(1, false), Pod(2, true, ready: ready, terminating: terminating)], 3);

        Assert.Equal(RolloutStepKind.Wait, step.Kind);
        Assert.Contains("orders-2", step.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_wait_while_a_member_is_missing() =>
        Assert.Equal(RolloutStepKind.Wait, RolloutPlanner.Next([Pod(0, false, leader: true), Pod(1, false)], 3).Kind);

    [Fact]
    public void Should_replace_a_single_member_in_place() =>
        Assert.Equal((RolloutStepKind.ReplacePod, "orders-0"), (RolloutPlanner.Next([Pod(0, false, leader: true)], 1) is var s ? (s.Kind, s.Pod) : default));

    [Fact]
    public void Should_be_done_when_every_pod_runs_the_current_template() =>
        Assert.Equal(RolloutStep.Done, RolloutPlanner.Next([Pod(0, true, leader: true), Pod(1, true)], 2));
}
