using ControlPlane.Provisioning.Health;

namespace ControlPlane.Provisioning.Tests.Health;

public sealed class SwitchoverMatchingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly ExpectedSwitchover FromM1 = new(Guid.NewGuid(), Guid.NewGuid(), "m2", Now.AddMinutes(1)) { Leader = "m1" };

    [Fact]
    public void Should_take_a_change_away_from_the_leader_it_was_asked_of_for_the_switchover() =>
        Assert.True(SwitchoverMatching.Answers(FromM1, "m1", Now));

    [Fact]
    public void Should_not_take_a_change_away_from_another_leader_for_the_switchover() =>
        Assert.False(SwitchoverMatching.Answers(FromM1, "m2", Now));

    [Fact]
    public void Should_not_take_a_change_after_the_request_expired_for_the_switchover() =>
        Assert.False(SwitchoverMatching.Answers(FromM1, "m1", Now.AddMinutes(1)));

    [Fact]
    public void Should_take_any_change_when_the_leader_was_not_known_on_either_side()
    {
        Assert.True(SwitchoverMatching.Answers(FromM1 with { Leader = null }, "m3", Now));
        Assert.True(SwitchoverMatching.Answers(FromM1, null, Now));
    }
}
