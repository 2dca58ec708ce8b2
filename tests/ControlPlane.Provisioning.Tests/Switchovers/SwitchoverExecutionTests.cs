using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Testing.Provisioning;
using ControlPlane.Provisioning.Tests.Reconciliation;

namespace ControlPlane.Provisioning.Tests.Switchovers;

/// <summary>The owner's reconcile pass executes the switchover operation the view shows, at most once.</summary>
public sealed class SwitchoverExecutionTests : IDisposable
{
    private readonly ReconcilerHarness _worker = new();
    private readonly GuardedPatroni _patroni = new();
    private readonly DesiredInstance _desired;
    private readonly PendingSwitchover _switchover;

    public SwitchoverExecutionTests()
    {
        _switchover = new PendingSwitchover(Guid.NewGuid(), "db-one-1", "db-one-0", _worker.Time.GetUtcNow());
        _desired = TestInstances.Desired() with { RecordedStatus = "available", Switchover = _switchover };
        _worker.Driver.Switchover = _patroni.Switchover;
        _worker.Reader.Set(_desired);
    }

    [Fact]
    public async Task Should_ask_patroni_once_however_often_the_pass_runs_naming_the_leader_it_was_asked_of()
    {
        for (var i = 0; i < 3; i++)
        {
            // A redelivered wake-up, the periodic resync: each one runs the pass again.
            _worker.Queue.Enqueue(_desired.InstanceId);
            await _worker.DrainAsync();
        }

        Assert.Equal(1, _worker.Driver.SwitchoverCalls);
        Assert.Equal(1, _patroni.Switches);
        var (asked, target) = Assert.Single(_worker.Driver.SwitchoverRequests);
        Assert.Equal((_switchover, "db-one-1"), (asked, target));
        var expected = Assert.Single(_worker.ExpectedSwitchovers.Registered);
        Assert.Equal((_switchover.OperationId, "db-one-0"), (expected.OperationId, expected.Leader));
        Assert.Empty(_worker.Publisher.Of<SwitchoverFailed>());
    }

    [Fact]
    public async Task Should_switch_once_when_another_worker_takes_the_instance_over_after_the_switch()
    {
        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();

        // The first worker dies; the next owner's pass sees the new leader and the operation still running in the view.
        using var next = new ReconcilerHarness();
        next.Driver.Switchover = _patroni.Switchover;
        next.Driver.Primary = _patroni.Leader;
        next.Reader.Set(_desired);
        next.Queue.Enqueue(_desired.InstanceId);
        await next.DrainAsync();

        Assert.Equal(1, _patroni.Switches);
        Assert.Equal(0, next.Driver.SwitchoverCalls);
        Assert.Empty(next.Publisher.Of<SwitchoverFailed>());
        // Its detector starts from the leader the switchover was asked of, so it records the change it missed.
        Assert.Equal("db-one-1", next.Health.Leaders[_desired.InstanceId]?.Member);
        Assert.Equal("db-one-0", MonitoredInstance.From(_desired, [], next.Health.Leaders[_desired.InstanceId]).Leader?.Member);
    }

    [Fact]
    public async Task Should_leave_a_repeat_to_patronis_guard_when_the_next_owner_still_sees_the_old_leader()
    {
        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();

        using var next = new ReconcilerHarness();
        next.Driver.Switchover = _patroni.Switchover;
        next.Reader.Set(_desired);
        next.Queue.Enqueue(_desired.InstanceId);
        await next.DrainAsync();

        Assert.Equal(1, next.Driver.SwitchoverCalls);
        Assert.Equal(1, _patroni.Switches);
        Assert.Equal("db-one-1", _patroni.Leader);
        Assert.Empty(next.Publisher.Of<SwitchoverFailed>());
    }

    [Fact]
    public async Task Should_never_ask_again_once_the_operation_is_no_longer_running()
    {
        _worker.Driver.Switchover = (_, _) => new SwitchoverOutcome(false, "no leader in the cluster", Transient: true);
        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();
        Assert.Equal(1, _worker.Driver.SwitchoverCalls);

        // The API failed it (deadline) or superseded it (a delete): the view no longer shows it.
        _worker.Reader.Set(_desired with { Switchover = null });
        await _worker.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));
        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();

        Assert.Equal(1, _worker.Driver.SwitchoverCalls);
        Assert.Empty(_worker.Publisher.Of<SwitchoverFailed>());
    }

    [Fact]
    public async Task Should_fail_the_operation_when_patroni_stays_unreachable_past_the_retries()
    {
        _worker.Driver.Switchover = (_, _) => new SwitchoverOutcome(false, "no leader in the cluster", Transient: true);
        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();
        for (var i = 0; i < 5; i++)
        {
            await _worker.AdvanceAndDrainAsync(_worker.Messaging.RetryMaxInterval);
        }

        Assert.Equal(_worker.Messaging.RetryLimit + 1, _worker.Driver.SwitchoverCalls);
        var failed = Assert.Single(_worker.Publisher.Of<SwitchoverFailed>());
        Assert.Equal(_switchover.OperationId, failed.OperationId);
        Assert.Contains("no leader in the cluster", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_report_patronis_refusal_once_and_not_ask_again()
    {
        _worker.Driver.Switchover = (_, target) => new SwitchoverOutcome(false, $"candidate {target} is not the sync standby");
        for (var i = 0; i < 2; i++)
        {
            _worker.Queue.Enqueue(_desired.InstanceId);
            await _worker.DrainAsync();
        }

        Assert.Equal(1, _worker.Driver.SwitchoverCalls);
        Assert.Equal("candidate db-one-1 is not the sync standby", Assert.Single(_worker.Publisher.Of<SwitchoverFailed>()).Reason);
        Assert.Equal([(_desired.InstanceId, _switchover.OperationId)], _worker.ExpectedSwitchovers.Cancelled);
    }

    public void Dispose() => _worker.Dispose();
}
