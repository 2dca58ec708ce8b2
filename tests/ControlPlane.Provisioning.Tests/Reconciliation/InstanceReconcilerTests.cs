using ControlPlane.Contracts.Events;
using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Testing.Provisioning;

namespace ControlPlane.Provisioning.Tests.Reconciliation;

public sealed class InstanceReconcilerTests : IDisposable
{
    private readonly ReconcilerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Should_publish_instance_ready_once_when_resynced_without_changes()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);

        for (var pass = 0; pass < 3; pass++)
        {
            _h.Queue.Enqueue(desired.InstanceId);
            await _h.DrainAsync();
        }

        var ready = Assert.Single(_h.Publisher.Of<InstanceReady>());
        Assert.Equal(desired.InstanceId, ready.InstanceId);
        Assert.Equal(1, ready.ObservedGeneration);
        Assert.Equal(FakeDriver.Endpoints, ready.Endpoints);
        Assert.Equal("db-one-0", ready.PrimaryMember);
        Assert.Null(ready.OperationId);
        Assert.Equal(3, _h.Driver.ReconcileCalls);
        Assert.Single(_h.Driver.Applied);
        Assert.True(_h.Health.Tracked.ContainsKey(desired.InstanceId));
        // The failover detector starts from the leader this pass saw, so a loss before the first health poll is a failover.
        Assert.Equal("db-one-0", _h.Health.Leaders[desired.InstanceId]?.Member);
        Assert.Null(_h.Queue.ScheduledAt(desired.InstanceId));
    }

    [Fact]
    public async Task Should_follow_the_members_the_driver_saw_without_asking_it_for_them_again()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        IReadOnlyList<PatroniMemberEndpoint> seen = [new("db-one-0", new Uri("http://127.0.0.2:8008")), new("db-one-1", new Uri("http://127.0.0.3:8008"))];
        _h.Driver.Then(_ => ReconcileResult.Done(FakeDriver.Endpoints, "db-one-0") with { PatroniEndpoints = seen });

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        Assert.Equal(seen, _h.Health.Tracked[desired.InstanceId]);
        Assert.Equal(0, _h.Driver.EndpointCalls);

        // A driver that does not say asks for them, as before.
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Equal(1, _h.Driver.EndpointCalls);
        Assert.Equal("db-one-0", Assert.Single(_h.Health.Tracked[desired.InstanceId]).Member);
    }

    [Fact]
    public async Task Should_name_the_operation_of_the_generation_once_even_when_its_command_is_redelivered()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        var create = Guid.NewGuid();

        _h.Operations.Remember(desired.InstanceId, 1, create, _h.Time.GetUtcNow());
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        _h.Operations.Remember(desired.InstanceId, 1, create, _h.Time.GetUtcNow());
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        var ready = Assert.Single(_h.Publisher.Of<InstanceReady>());
        Assert.Equal(create, ready.OperationId);

        // A different operation at the same generation (nothing to change) still needs its own completion.
        var retry = Guid.NewGuid();
        _h.Operations.Remember(desired.InstanceId, 1, retry, _h.Time.GetUtcNow().AddSeconds(1));
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Equal([create, retry], _h.Publisher.Of<InstanceReady>().Select(r => r.OperationId));
    }

    [Fact]
    public async Task Should_report_an_operation_whose_command_arrived_while_the_instance_was_being_reported()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        var operationId = Guid.NewGuid();
        _h.Publisher.OnPublish = published =>
        {
            if (published is InstanceReady { OperationId: null })
            {
                // The command's consumer runs now: it remembers the operation and nudges the instance being reconciled.
                _h.Operations.Remember(desired.InstanceId, 1, operationId, _h.Time.GetUtcNow());
                _h.Queue.Enqueue(desired.InstanceId);
            }
        };

        _h.Queue.Enqueue(desired.InstanceId);
        Assert.Equal(2, (await _h.DrainAsync()).Count);

        Assert.Equal([null, operationId], _h.Publisher.Of<InstanceReady>().Select(r => r.OperationId));
    }

    [Fact]
    public async Task Should_not_name_an_operation_of_another_generation()
    {
        var desired = TestInstances.Desired(generation: 2);
        _h.Reader.Set(desired);
        _h.Operations.Remember(desired.InstanceId, 1, Guid.NewGuid(), _h.Time.GetUtcNow());

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        var ready = Assert.Single(_h.Publisher.Of<InstanceReady>());
        Assert.Equal(2, ready.ObservedGeneration);
        Assert.Null(ready.OperationId);
    }

    [Fact]
    public async Task Should_publish_progress_only_when_the_step_or_message_changes()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        var wait = TimeSpan.FromSeconds(2);
        _h.Driver
            .Then(_ => ReconcileResult.Requeue("members", "waiting for 3 members", wait))
            .Then(_ => ReconcileResult.Requeue("members", "waiting for 3 members", wait))
            .Then(_ => ReconcileResult.Requeue("members", "waiting for 2 members", wait));

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Equal(wait, _h.RequeueDelay(desired.InstanceId));
        Assert.Single(_h.Publisher.Of<InstanceProgressed>());

        Assert.Empty(await _h.AdvanceAndDrainAsync(TimeSpan.FromSeconds(1)));
        Assert.Single(await _h.AdvanceAndDrainAsync(TimeSpan.FromSeconds(1)));
        Assert.Single(_h.Publisher.Of<InstanceProgressed>());

        await _h.AdvanceAndDrainAsync(wait);
        Assert.Equal(["waiting for 3 members", "waiting for 2 members"], _h.Publisher.Of<InstanceProgressed>().Select(p => p.Message));

        await _h.AdvanceAndDrainAsync(wait);
        Assert.Single(_h.Publisher.Of<InstanceReady>());
        Assert.Equal(4, _h.Driver.ReconcileCalls);
    }

    [Fact]
    public async Task Should_back_off_and_then_succeed_when_the_driver_throws()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Driver.ThenThrow(2);

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        var first = _h.RequeueDelay(desired.InstanceId)!.Value;
        Assert.InRange(first, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
        Assert.Empty(await _h.AdvanceAndDrainAsync(first - TimeSpan.FromMilliseconds(1)));

        Assert.Single(await _h.AdvanceAndDrainAsync(TimeSpan.FromMilliseconds(1)));
        var second = _h.RequeueDelay(desired.InstanceId)!.Value;
        Assert.InRange(second, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        Assert.Empty(_h.Publisher.Events);

        await _h.AdvanceAndDrainAsync(second);
        Assert.Single(_h.Publisher.Of<InstanceReady>());
        Assert.Equal(3, _h.Driver.ReconcileCalls);

        // Success resets the backoff: the next failure starts from the initial delay again.
        _h.Driver.ThenThrow();
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.InRange(_h.RequeueDelay(desired.InstanceId)!.Value, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Should_space_out_retries_up_to_the_cap_when_the_driver_keeps_failing()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Driver.ThenThrow(1000);

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        for (var second = 0; second < 600; second++)
        {
            // A failing instance always comes back, never more than the cap later.
            var delay = _h.RequeueDelay(desired.InstanceId);
            Assert.NotNull(delay);
            Assert.True(delay <= TimeSpan.FromSeconds(60), $"delay {delay}");
            await _h.AdvanceAndDrainAsync(TimeSpan.FromSeconds(1));
        }

        // Delays of about 1, 2, 4 ... seconds, then 30-60 s at the cap: a few dozen passes in ten minutes at most.
        Assert.InRange(_h.Driver.ReconcileCalls, 12, 27);
        Assert.True(_h.RequeueDelay(desired.InstanceId) >= TimeSpan.FromSeconds(0), "still scheduled");
        // The same error over and over is reported once, not once per retry.
        Assert.IsType<InstanceReconcileFailing>(Assert.Single(_h.Publisher.Events));
    }

    [Fact]
    public async Task Should_publish_instance_failed_with_the_reason_when_the_failure_is_permanent()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        var operationId = Guid.NewGuid();
        _h.Operations.Remember(desired.InstanceId, 1, operationId, _h.Time.GetUtcNow());
        const string reason = "Storage class 'fast' does not exist in this region.";
        _h.Driver.Then(_ => ReconcileResult.Failed("storage", reason)).Then(_ => ReconcileResult.Failed("storage", reason));

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        var failed = Assert.Single(_h.Publisher.Of<InstanceFailed>());
        Assert.Equal(reason, failed.Reason);
        Assert.Equal(operationId, failed.OperationId);
        Assert.Empty(_h.Publisher.Of<InstanceReady>());
        Assert.Null(_h.Queue.ScheduledAt(desired.InstanceId));
    }

    [Fact]
    public async Task Should_delete_until_the_driver_is_done_and_then_publish_instance_deleted()
    {
        var desired = TestInstances.Desired(deleted: true);
        _h.Reader.Set(desired);
        _h.Driver.Run(desired.InstanceId, 1);
        _h.Health.Tracked[desired.InstanceId] = [];
        var deleteOperation = Guid.NewGuid();
        _h.Operations.Remember(desired.InstanceId, 1, deleteOperation, _h.Time.GetUtcNow());
        _h.Driver.ThenDeleteReturns(false, false, true);

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Equal(_h.Settings.DeleteRequeue, _h.RequeueDelay(desired.InstanceId));
        await _h.AdvanceAndDrainAsync(_h.Settings.DeleteRequeue);
        Assert.Empty(_h.Publisher.Of<InstanceDeleted>());
        await _h.AdvanceAndDrainAsync(_h.Settings.DeleteRequeue);

        var deleted = Assert.Single(_h.Publisher.Of<InstanceDeleted>());
        Assert.Equal(deleteOperation, deleted.OperationId);
        Assert.Equal(3, _h.Driver.DeleteCalls);
        Assert.Equal("deleting", Assert.Single(_h.Publisher.Of<InstanceProgressed>()).Step);
        Assert.Equal([desired.InstanceId], _h.Driver.Deleted);
        Assert.False(_h.Health.Tracked.ContainsKey(desired.InstanceId));
        Assert.Equal(0, _h.Driver.ReconcileCalls);

        // Until the control plane marks it deleted, resyncs see it again: deleting stays idempotent and silent.
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Single(_h.Publisher.Of<InstanceDeleted>());
        Assert.Null(_h.Queue.ScheduledAt(desired.InstanceId));
    }

    [Fact]
    public async Task Should_reconcile_once_when_nudged_many_times_while_queued()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);

        for (var i = 0; i < 5; i++)
        {
            _h.Queue.Enqueue(desired.InstanceId);
        }

        Assert.Single(await _h.DrainAsync());
        Assert.Equal(1, _h.Driver.ReconcileCalls);
        Assert.Single(_h.Publisher.Of<InstanceReady>());
    }

    [Fact]
    public async Task Should_report_drift_when_an_instance_that_was_ready_needed_changes()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        _h.Driver.Then(_ => ReconcileResult.Requeue("members", "recreating member db-one-1", TimeSpan.FromSeconds(3)));
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        var drift = Assert.Single(_h.Publisher.Of<InstanceProgressed>());
        Assert.Equal("drift", drift.Step);
        Assert.Equal("recreating member db-one-1", drift.Message);
        Assert.Equal(1, drift.ObservedGeneration);

        // Converged again at the same generation and endpoints: nothing new to tell the control plane.
        await _h.AdvanceAndDrainAsync(TimeSpan.FromSeconds(3));
        Assert.Single(_h.Publisher.Of<InstanceReady>());
        Assert.Single(_h.Publisher.Of<InstanceProgressed>());
    }

    [Fact]
    public async Task Should_still_report_drift_when_the_first_report_could_not_be_published()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        var drifting = ReconcileResult.Requeue("config", "patching postgresql parameters", TimeSpan.FromSeconds(3));
        _h.Driver.Then(_ => drifting).Then(_ => drifting);
        _h.Publisher.FailNext = 1;
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Empty(_h.Publisher.Of<InstanceProgressed>());

        await _h.AdvanceAndDrainAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("drift", Assert.Single(_h.Publisher.Of<InstanceProgressed>()).Step);
    }

    [Fact]
    public async Task Should_not_call_a_new_generation_drift()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        _h.Reader.Set(desired with { Generation = 2 });
        _h.Driver.Then(_ => ReconcileResult.Requeue("storage", "resizing volumes", TimeSpan.FromSeconds(3)));
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        await _h.AdvanceAndDrainAsync(TimeSpan.FromSeconds(3));

        var progress = Assert.Single(_h.Publisher.Of<InstanceProgressed>());
        Assert.Equal("storage", progress.Step);
        Assert.Equal([1L, 2L], _h.Publisher.Of<InstanceReady>().Select(r => r.ObservedGeneration));
    }

    [Fact]
    public async Task Should_leave_an_instance_owned_by_another_worker_to_its_owner()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Ownership.TakeAway(desired.InstanceId);

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Equal(0, _h.Driver.ReconcileCalls);
        Assert.Null(_h.Queue.ScheduledAt(desired.InstanceId));
        Assert.Empty(_h.Publisher.Events);

        await _h.Resync.RunAsync(CancellationToken.None);
        Assert.Equal(0, _h.Queue.Count);
    }

    [Fact]
    public async Task Should_stop_a_pass_that_loses_its_lease_before_it_reports_anything()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Driver.Then(d =>
        {
            // The takeover happens while the driver works (a freeze past the lease, a lost connection).
            _h.Ownership.TakeAway(d.InstanceId);
            return ReconcileResult.Done(FakeDriver.Endpoints, "pg-0");
        });

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        Assert.Equal(1, _h.Driver.ReconcileCalls);
        Assert.Empty(_h.Publisher.Events);
        Assert.Empty(_h.Health.Tracked);
        Assert.Null(_h.Queue.ScheduledAt(desired.InstanceId));
    }

    [Fact]
    public async Task Should_publish_under_the_new_epoch_once_the_lease_comes_back()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        var first = Assert.Single(_h.Publisher.Of<InstanceReady>());

        _h.Ownership.TakeAway(desired.InstanceId);
        _h.Ownership.GiveBack(desired.InstanceId, _h.Ownership.Epoch + 1);
        _h.Reader.Set(desired with { Generation = 2 });
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        var second = _h.Publisher.Of<InstanceReady>()[^1];
        Assert.Equal(EventSequence.EpochOf(first.Sequence) + 1, EventSequence.EpochOf(second.Sequence));
        Assert.True(second.Sequence > first.Sequence);
    }

    [Fact]
    public async Task Should_do_nothing_when_the_instance_has_no_desired_state()
    {
        var instanceId = Guid.NewGuid();
        _h.Health.Tracked[instanceId] = [];

        _h.Queue.Enqueue(instanceId);
        await _h.DrainAsync();

        Assert.Equal(0, _h.Driver.ReconcileCalls);
        Assert.Equal(0, _h.Driver.DeleteCalls);
        Assert.Empty(_h.Publisher.Events);
        Assert.Null(_h.Queue.ScheduledAt(instanceId));
        Assert.False(_h.Health.Tracked.ContainsKey(instanceId));
    }

    [Fact]
    public async Task Should_leave_an_instance_of_another_region_alone()
    {
        var desired = TestInstances.Desired(region: "elsewhere");
        _h.Reader.Set(desired);

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        Assert.Equal(0, _h.Driver.ReconcileCalls);
        Assert.Empty(_h.Publisher.Events);
    }

    [Fact]
    public async Task Should_publish_ready_on_a_later_pass_when_publishing_failed()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Publisher.FailNext = 1;

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Empty(_h.Publisher.Events);
        Assert.NotNull(_h.Queue.ScheduledAt(desired.InstanceId));

        await _h.AdvanceAndDrainAsync(TimeSpan.FromSeconds(1));
        Assert.Single(_h.Publisher.Of<InstanceReady>());
    }

    [Fact]
    public async Task Should_number_events_of_an_instance_in_increasing_order()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Driver.Then(_ => ReconcileResult.Requeue("members", "starting", TimeSpan.FromSeconds(1)));

        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        await _h.AdvanceAndDrainAsync(TimeSpan.FromSeconds(1));

        var sequences = _h.Publisher.Events.Select(e => e.Sequence).ToList();
        Assert.Equal(2, sequences.Count);
        Assert.True(sequences[1] > sequences[0]);
    }
}
