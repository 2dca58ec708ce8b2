using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Testing.Provisioning;

namespace ControlPlane.Provisioning.Tests.Reconciliation;

/// <summary>Passes that keep failing reach the control plane as one trouble, and its end as one recovery.</summary>
public sealed class ReconcileTroubleTests : IDisposable
{
    private readonly ReconcilerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Should_report_failing_once_after_repeated_failures_and_recovered_once_a_pass_succeeds()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Driver.ThenThrow(times: 6);
        _h.Queue.Enqueue(desired.InstanceId);

        await _h.DrainAsync();
        await _h.AdvanceAndDrainAsync(TimeSpan.FromSeconds(1));
        Assert.Empty(_h.Publisher.Of<InstanceReconcileFailing>());

        for (var i = 0; i < 4; i++)
        {
            await _h.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));
        }

        var failing = Assert.Single(_h.Publisher.Of<InstanceReconcileFailing>());
        Assert.Equal((desired.InstanceId, 1L, "ReconcileFailing", 3), (failing.InstanceId, failing.ObservedGeneration, failing.Reason, failing.Failures));
        Assert.Equal("API server unreachable", failing.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), failing.FailingSince);
        Assert.Empty(_h.Publisher.Of<InstanceReconcileRecovered>());

        await _h.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));

        var recovered = Assert.Single(_h.Publisher.Of<InstanceReconcileRecovered>());
        Assert.Equal(failing.FailingSince, recovered.FailingSince);
        Assert.True(recovered.Sequence > failing.Sequence);
        Assert.Single(_h.Publisher.Of<InstanceReady>());

        // Later passes that succeed say nothing more about it.
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Single(_h.Publisher.Of<InstanceReconcileRecovered>());
    }

    [Fact]
    public async Task Should_report_again_when_the_error_changes_but_not_when_it_repeats()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Driver.ThenThrow(times: 4).Then(_ => throw new InvalidOperationException("HAProxy did not start: exit code 1"));
        _h.Queue.Enqueue(desired.InstanceId);

        await _h.DrainAsync();
        for (var i = 0; i < 4; i++)
        {
            await _h.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(["API server unreachable", "HAProxy did not start: exit code 1"], _h.Publisher.Of<InstanceReconcileFailing>().Select(f => f.Message));
    }

    [Fact]
    public async Task Should_scrub_secrets_from_the_reported_error()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        var leak = new InvalidOperationException(
            $"HAProxy did not start: connecting with Host=127.0.0.1;Username=app;Password=hunter2x to postgres://app:{TestInstances.Credentials.SuperuserPassword}@127.0.0.1/app",
            new InvalidOperationException($"auth failed for {TestInstances.Credentials.ReplicationPassword} in /var/tmp/cp/instance-01a23451-7577-7ebc-a756-630469d51770/slot-0, key AbCdEf0123456789AbCdEf0123456789AbCdEf0123456789"));
        for (var i = 0; i < 3; i++)
        {
            _h.Driver.Then(_ => throw leak);
        }

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        for (var i = 0; i < 3; i++)
        {
            await _h.AdvanceAndDrainAsync(TimeSpan.FromMinutes(1));
        }

        var message = Assert.Single(_h.Publisher.Of<InstanceReconcileFailing>()).Message;
        Assert.StartsWith("HAProxy did not start: connecting with Host=127.0.0.1;Username=app;Password=***", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2x", message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestInstances.Credentials.SuperuserPassword, message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestInstances.Credentials.ReplicationPassword, message, StringComparison.Ordinal);
        Assert.DoesNotContain("AbCdEf0123456789AbCdEf", message, StringComparison.Ordinal);
        Assert.Contains("postgres://app:***@127.0.0.1/app", message, StringComparison.Ordinal);
        Assert.Contains("/var/tmp/cp/instance-01a23451-7577-7ebc-a756-630469d51770/slot-0", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_mark_an_instance_whose_row_is_unreadable_and_carry_on_with_the_others()
    {
        var unreadable = TestInstances.Desired(generation: 3);
        var fine = TestInstances.Desired();
        var deleting = TestInstances.Desired(deleted: true);
        foreach (var desired in new[] { unreadable, fine, deleting })
        {
            _h.Reader.Set(desired);
            _h.Driver.Run(desired.InstanceId, desired.Generation);
        }

        _h.Reader.MakeUnreadable(unreadable.InstanceId);

        await _h.Resync.RunAsync(CancellationToken.None);
        await _h.DrainAsync();

        var failing = Assert.Single(_h.Publisher.Of<InstanceReconcileFailing>());
        Assert.Equal((unreadable.InstanceId, 3L, InstanceReconcileFailing.CredentialsUnreadable), (failing.InstanceId, failing.ObservedGeneration, failing.Reason));
        Assert.Equal(fine.InstanceId, Assert.Single(_h.Publisher.Of<InstanceReady>()).InstanceId);
        Assert.Equal(deleting.InstanceId, Assert.Single(_h.Publisher.Of<InstanceDeleted>()).InstanceId);
        Assert.DoesNotContain(unreadable.InstanceId, _h.Driver.Deleted);

        // It is retried with backoff and not reported again while nothing changes.
        await _h.AdvanceAndDrainAsync(TimeSpan.FromMinutes(2));
        Assert.Single(_h.Publisher.Of<InstanceReconcileFailing>());
        Assert.NotNull(_h.Queue.ScheduledAt(unreadable.InstanceId));
    }

    [Fact]
    public async Task Should_not_delete_as_an_orphan_an_instance_whose_row_is_unreadable()
    {
        var unreadable = TestInstances.Desired(deleted: true);
        _h.Reader.Set(unreadable);
        _h.Reader.MarkFullyDeleted(unreadable.InstanceId);
        _h.Reader.MakeUnreadable(unreadable.InstanceId);
        _h.Driver.Run(unreadable.InstanceId, 1);

        await _h.Resync.RunAsync(CancellationToken.None);

        Assert.Equal(0, _h.Driver.DeleteCalls);
        Assert.Equal([unreadable.InstanceId], await _h.DrainAsync());
        Assert.Single(_h.Publisher.Of<InstanceReconcileFailing>());
    }
}
