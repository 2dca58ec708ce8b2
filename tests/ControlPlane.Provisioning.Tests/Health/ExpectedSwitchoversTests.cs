using ControlPlane.Provisioning.Health;
using Microsoft.Extensions.Time.Testing;

namespace ControlPlane.Provisioning.Tests.Health;

public sealed class ExpectedSwitchoversTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly Guid _instanceId = Guid.NewGuid();

    [Fact]
    public void Should_hand_out_a_current_request_once()
    {
        var expected = new ExpectedSwitchovers(_time);
        var operationId = Guid.NewGuid();
        expected.Expect(_instanceId, operationId, "m2", _time.GetUtcNow().AddSeconds(30));

        var taken = expected.Take(_instanceId, _time.GetUtcNow());

        Assert.Equal((operationId, "m2"), (taken!.OperationId, taken.TargetMember));
        Assert.Null(expected.Take(_instanceId, _time.GetUtcNow()));
    }

    [Fact]
    public void Should_not_hand_out_an_expired_request()
    {
        var expected = new ExpectedSwitchovers(_time);
        expected.Expect(_instanceId, Guid.NewGuid(), null, _time.GetUtcNow().AddSeconds(30));

        Assert.Null(expected.Take(_instanceId, _time.GetUtcNow().AddSeconds(31)));
    }

    [Fact]
    public void Should_keep_a_newer_request_when_an_older_one_is_cancelled()
    {
        var expected = new ExpectedSwitchovers(_time);
        var older = Guid.NewGuid();
        var newer = Guid.NewGuid();
        expected.Expect(_instanceId, older, null, _time.GetUtcNow().AddSeconds(30));
        expected.Expect(_instanceId, newer, null, _time.GetUtcNow().AddSeconds(30));

        expected.Cancel(_instanceId, older);

        Assert.Equal(newer, expected.Take(_instanceId, _time.GetUtcNow())!.OperationId);
    }

    [Fact]
    public void Should_forget_a_cancelled_request()
    {
        var expected = new ExpectedSwitchovers(_time);
        var operationId = Guid.NewGuid();
        expected.Expect(_instanceId, operationId, null, _time.GetUtcNow().AddSeconds(30));

        expected.Cancel(_instanceId, operationId);

        Assert.Null(expected.Take(_instanceId, _time.GetUtcNow()));
    }
}
