using ControlPlane.Provisioning.Reconciliation;

namespace ControlPlane.Provisioning.Tests.Reconciliation;

public sealed class PendingOperationsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 2, 5, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_not_take_up_again_an_operation_already_reported_when_its_command_is_redelivered()
    {
        var operations = new PendingOperations();
        var instance = Guid.NewGuid();
        var resize = Guid.NewGuid();
        operations.Remember(instance, 2, resize, At);
        operations.Complete(instance, 2, resize);

        operations.Remember(instance, 2, resize, At);

        Assert.Null(operations.Peek(instance, 2));
    }

    [Fact]
    public void Should_not_take_up_an_operation_of_a_generation_older_than_the_one_reported()
    {
        var operations = new PendingOperations();
        var instance = Guid.NewGuid();
        operations.Remember(instance, 2, Guid.NewGuid(), At);
        operations.Complete(instance, 2, operations.Peek(instance, 2));

        operations.Remember(instance, 1, Guid.NewGuid(), At.AddSeconds(1));

        Assert.Null(operations.Peek(instance, 1));
    }

    [Fact]
    public void Should_keep_another_operation_for_the_reported_generation_and_any_newer_one()
    {
        var operations = new PendingOperations();
        var instance = Guid.NewGuid();
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var next = Guid.NewGuid();
        operations.Remember(instance, 2, first, At);
        operations.Complete(instance, 2, first);

        operations.Remember(instance, 2, second, At.AddSeconds(1));
        operations.Remember(instance, 3, next, At.AddSeconds(2));

        Assert.Equal(second, operations.Peek(instance, 2));
        Assert.Equal(next, operations.Peek(instance, 3));
    }

    [Fact]
    public void Should_still_refuse_the_redelivered_operation_after_a_report_without_one()
    {
        var operations = new PendingOperations();
        var instance = Guid.NewGuid();
        var resize = Guid.NewGuid();
        operations.Remember(instance, 2, resize, At);
        operations.Complete(instance, 2, resize);
        operations.Complete(instance, 2, null);

        operations.Remember(instance, 2, resize, At);

        Assert.Null(operations.Peek(instance, 2));
    }
}
