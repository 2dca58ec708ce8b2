using ControlPlane.Provisioning.Switchovers;
using Microsoft.Extensions.Time.Testing;

namespace ControlPlane.Provisioning.Tests.Switchovers;

public sealed class HandledSwitchoversTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Should_refuse_an_operation_already_handled()
    {
        var handled = new HandledSwitchovers(_time);
        var operationId = Guid.NewGuid();

        Assert.True(handled.TryBegin(operationId));
        Assert.False(handled.TryBegin(operationId));
        Assert.True(handled.TryBegin(Guid.NewGuid()));
    }

    [Fact]
    public void Should_let_a_released_operation_be_retried()
    {
        var handled = new HandledSwitchovers(_time);
        var operationId = Guid.NewGuid();
        handled.TryBegin(operationId);

        handled.Release(operationId);

        Assert.True(handled.TryBegin(operationId));
    }

    [Fact]
    public void Should_forget_operations_after_an_hour()
    {
        var handled = new HandledSwitchovers(_time);
        var operationId = Guid.NewGuid();
        handled.TryBegin(operationId);

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.False(handled.TryBegin(operationId));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.True(handled.TryBegin(operationId));
    }
}
