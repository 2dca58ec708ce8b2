using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Switchovers;
using ControlPlane.Testing.Provisioning;

namespace ControlPlane.Provisioning.Tests.Switchovers;

public sealed class SwitchoverDecisionTests
{
    private static readonly PendingSwitchover Pending = new(Guid.NewGuid(), "db-one-1", "db-one-0", DateTimeOffset.UnixEpoch);

    [Fact]
    public void Should_ask_when_the_ready_instance_still_has_the_leader_the_switchover_was_asked_of() =>
        Assert.Equal(SwitchoverStep.Ask, SwitchoverDecision.Decide(WithPending(), ready: true, "db-one-0", alreadyAsked: false));

    [Fact]
    public void Should_do_nothing_without_a_switchover_operation_in_the_view() =>
        Assert.Equal(SwitchoverStep.Nothing, SwitchoverDecision.Decide(TestInstances.Desired(), ready: true, "db-one-0", alreadyAsked: false));

    [Fact]
    public void Should_not_ask_twice_from_one_process() =>
        Assert.Equal(SwitchoverStep.AlreadyAsked, SwitchoverDecision.Decide(WithPending(), ready: true, "db-one-0", alreadyAsked: true));

    [Fact]
    public void Should_not_ask_once_another_member_leads() =>
        Assert.Equal(SwitchoverStep.LeaderMoved, SwitchoverDecision.Decide(WithPending(), ready: true, "db-one-1", alreadyAsked: false));

    [Fact]
    public void Should_wait_for_a_ready_pass_before_asking() =>
        Assert.Equal(SwitchoverStep.Nothing, SwitchoverDecision.Decide(WithPending(), ready: false, "db-one-0", alreadyAsked: false));

    [Fact]
    public void Should_ask_when_neither_the_api_nor_the_pass_knew_the_leader() =>
        Assert.Equal(SwitchoverStep.Ask, SwitchoverDecision.Decide(WithPending(Pending with { Leader = null }), ready: true, null, alreadyAsked: false));

    [Fact]
    public void Should_refuse_a_switchover_of_an_instance_without_replicas() =>
        Assert.Equal(SwitchoverStep.Refuse, SwitchoverDecision.Decide(TestInstances.Desired(ha: false) with { Switchover = Pending }, ready: true, "db-one-0", alreadyAsked: false));

    private static DesiredInstance WithPending(PendingSwitchover? pending = null) => TestInstances.Desired() with { Switchover = pending ?? Pending };
}
