using ControlPlane.Contracts.Commands;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Worker.Tests.Infrastructure;

namespace ControlPlane.Worker.Tests.Integration;

/// <summary>The worker on a real RabbitMQ and PostgreSQL, with a fake driver. Each test has its own region and database.</summary>
public sealed class WorkerBusTests : IAsyncLifetime
{
    private WorkerHost _worker = null!;

    public async Task InitializeAsync()
    {
        if (TestServices.Configured(TestServices.RabbitMqVariable) is not null && TestServices.Configured(TestServices.PostgresVariable) is not null)
        {
            _worker = await WorkerHost.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
        }
    }

    [BusFact]
    public async Task Should_publish_instance_ready_when_a_reconcile_command_arrives_on_the_region_queue()
    {
        var row = TestRows.Instance(_worker.Region);
        await _worker.Database.UpsertAsync(row);
        var operationId = Guid.NewGuid();

        await _worker.SendAsync(Command(row.InstanceId, 1, operationId));

        await Eventually.HoldsAsync(() => _worker.EventsOf<InstanceReady>(row.InstanceId).Any(r => r.OperationId == operationId), "InstanceReady");
        var ready = _worker.EventsOf<InstanceReady>(row.InstanceId).Single(r => r.OperationId == operationId);
        Assert.Equal(1, ready.ObservedGeneration);
        Assert.Equal(FakeDriverEndpoints, ready.Endpoints);
        Assert.Equal([(row.InstanceId, 1L)], _worker.Driver.Applied);
        Assert.True(_worker.Health.Tracked.ContainsKey(row.InstanceId));
    }

    [BusFact]
    public async Task Should_apply_each_generation_once_when_commands_are_delivered_twice()
    {
        var row = TestRows.Instance(_worker.Region);
        await _worker.Database.UpsertAsync(row);
        var create = Guid.NewGuid();
        var createMessage = Guid.NewGuid();

        await _worker.SendAsync(Command(row.InstanceId, 1, create), createMessage);
        await _worker.SendAsync(Command(row.InstanceId, 1, create), createMessage);
        await Eventually.HoldsAsync(() => _worker.EventsOf<InstanceReady>(row.InstanceId).Any(r => r.OperationId == create), "ready at generation 1");

        var resize = Guid.NewGuid();
        await _worker.Database.UpsertAsync(row with { Generation = 2, StorageGb = 80 });
        await _worker.SendAsync(Command(row.InstanceId, 2, resize));
        await _worker.SendAsync(Command(row.InstanceId, 2, resize));
        await _worker.SendAsync(Command(row.InstanceId, 1, create), createMessage);
        await Eventually.HoldsAsync(() => _worker.EventsOf<InstanceReady>(row.InstanceId).Any(r => r.OperationId == resize), "ready at generation 2");

        // Give any duplicate effect time to show before asserting there is none.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal([(row.InstanceId, 1L), (row.InstanceId, 2L)], _worker.Driver.Applied);
        var ready = _worker.EventsOf<InstanceReady>(row.InstanceId);
        Assert.Single(ready, r => r.OperationId == create);
        Assert.Single(ready, r => r.OperationId == resize);
        Assert.DoesNotContain(ready.SkipWhile(r => r.ObservedGeneration < 2), r => r.ObservedGeneration < 2);
    }

    [BusFact]
    public async Task Should_remove_a_deleting_instance_and_publish_instance_deleted_for_its_operation()
    {
        var row = TestRows.Instance(_worker.Region, "deleting", generation: 4);
        await _worker.Database.UpsertAsync(row);
        _worker.Driver.Run(row.InstanceId, 3);
        var operationId = Guid.NewGuid();

        await _worker.SendAsync(Command(row.InstanceId, 4, operationId));

        await Eventually.HoldsAsync(() => _worker.EventsOf<InstanceDeleted>(row.InstanceId).Any(d => d.OperationId == operationId), "InstanceDeleted");
        Assert.Equal([row.InstanceId], _worker.Driver.Deleted);
        Assert.Equal(4, _worker.EventsOf<InstanceDeleted>(row.InstanceId).Single(d => d.OperationId == operationId).ObservedGeneration);
        Assert.Empty(_worker.EventsOf<InstanceReady>(row.InstanceId));
    }

    [BusFact]
    public async Task Should_fail_the_switchover_when_patroni_stays_unreachable_past_the_retries()
    {
        var row = await AvailableAsync();
        _worker.Driver.Switchover = (_, _) => new SwitchoverOutcome(false, "no leader in the cluster", Transient: true);
        var operationId = await _worker.Database.AddSwitchoverAsync(row.InstanceId, "db-1", "db-one-0");

        await _worker.SendAsync(Switchover(row, operationId, "db-1"));

        await Eventually.HoldsAsync(() => _worker.EventsOf<SwitchoverFailed>(row.InstanceId).Count > 0, "SwitchoverFailed");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(WorkerHost.RetryLimit + 1, _worker.Driver.SwitchoverCalls);
        var failed = Assert.Single(_worker.EventsOf<SwitchoverFailed>(row.InstanceId));
        Assert.Equal(operationId, failed.OperationId);
        Assert.Contains("no leader in the cluster", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(_worker.ErrorQueue);
    }

    [BusFact]
    public async Task Should_report_switchover_failed_with_patronis_reason_when_it_refuses()
    {
        var row = await AvailableAsync();
        _worker.Driver.Switchover = (_, target) => new SwitchoverOutcome(false, $"candidate {target} is not the sync standby");
        var operationId = await _worker.Database.AddSwitchoverAsync(row.InstanceId, "db-2", "db-one-0");

        await _worker.SendAsync(Switchover(row, operationId, "db-2"));

        await Eventually.HoldsAsync(() => _worker.EventsOf<SwitchoverFailed>(row.InstanceId).Count > 0, "SwitchoverFailed");
        Assert.Equal("candidate db-2 is not the sync standby", _worker.EventsOf<SwitchoverFailed>(row.InstanceId).Single().Reason);
        var expected = Assert.Single(_worker.ExpectedSwitchovers.Registered);
        Assert.Equal((operationId, "db-2", "db-one-0"), (expected.OperationId, expected.TargetMember, expected.Leader));
        Assert.Equal(1, _worker.Driver.SwitchoverCalls);
        Assert.Empty(_worker.ErrorQueue);
    }

    [BusFact]
    public async Task Should_refuse_a_switchover_of_an_instance_without_replicas_without_calling_patroni()
    {
        var row = await AvailableAsync(ha: false);
        var operationId = await _worker.Database.AddSwitchoverAsync(row.InstanceId, null, "db-one-0");

        await _worker.SendAsync(Switchover(row, operationId, null));

        await Eventually.HoldsAsync(() => _worker.EventsOf<SwitchoverFailed>(row.InstanceId).Count > 0, "SwitchoverFailed");
        Assert.Contains("high availability", _worker.EventsOf<SwitchoverFailed>(row.InstanceId).Single().Reason, StringComparison.Ordinal);
        Assert.Equal(0, _worker.Driver.SwitchoverCalls);
        Assert.Empty(_worker.ExpectedSwitchovers.Registered);
    }

    [BusFact]
    public async Task Should_expect_the_switchover_before_asking_patroni_once_when_the_command_is_redelivered()
    {
        var row = await AvailableAsync();
        var registeredBeforeCall = false;
        _worker.Driver.Switchover = (_, _) =>
        {
            registeredBeforeCall = !_worker.ExpectedSwitchovers.Registered.IsEmpty;
            return new SwitchoverOutcome(true, "switched over");
        };
        var operationId = await _worker.Database.AddSwitchoverAsync(row.InstanceId, null, "db-one-0");
        var request = Switchover(row, operationId, null);
        var messageId = Guid.NewGuid();

        await _worker.SendAsync(request, messageId);
        await _worker.SendAsync(request, messageId);
        await _worker.SendAsync(request);

        await Eventually.HoldsAsync(() => _worker.Driver.SwitchoverCalls > 0, "the switchover call");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.True(registeredBeforeCall);
        Assert.Equal(1, _worker.Driver.SwitchoverCalls);
        var (asked, _) = Assert.Single(_worker.Driver.SwitchoverRequests);
        Assert.Equal((operationId, "db-one-0"), (asked!.OperationId, asked.Leader));
        var expected = Assert.Single(_worker.ExpectedSwitchovers.Registered);
        Assert.Equal(operationId, expected.OperationId);
        Assert.InRange(expected.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(2));
        Assert.Empty(_worker.EventsOf<SwitchoverFailed>(row.InstanceId));
    }

    [BusFact]
    public async Task Should_never_execute_a_switchover_whose_operation_failed_or_was_superseded()
    {
        var row = await AvailableAsync();
        var failed = await _worker.Database.AddSwitchoverAsync(row.InstanceId, null, "db-one-0", status: "failed");
        await _worker.SendAsync(Switchover(row, failed, null));

        // A command redelivered after its switchover was done. Each row is written with its final status in one
        // statement: a pending row, even for a moment, is one a pass may rightly execute.
        var done = await _worker.Database.AddSwitchoverAsync(row.InstanceId, null, "db-one-0", status: "succeeded");
        await _worker.SendAsync(Switchover(row, done, null));

        // A reconcile command sent after both shows the worker has handled the earlier commands.
        var reconcile = Guid.NewGuid();
        await _worker.SendAsync(Command(row.InstanceId, 1, reconcile));
        await Eventually.HoldsAsync(() => _worker.EventsOf<InstanceReady>(row.InstanceId).Any(r => r.OperationId == reconcile), "InstanceReady");
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, _worker.Driver.SwitchoverCalls);
        Assert.Empty(_worker.ExpectedSwitchovers.Registered);
        Assert.Empty(_worker.EventsOf<SwitchoverFailed>(row.InstanceId));
    }

    private async Task<DesiredInstanceRow> AvailableAsync(bool ha = true)
    {
        var row = TestRows.Instance(_worker.Region, "available", ha: ha);
        await _worker.Database.UpsertAsync(row);
        return row;
    }

    private RequestSwitchover Switchover(DesiredInstanceRow row, Guid operationId, string? target) =>
        new(row.InstanceId, row.OrganizationId, _worker.Region, operationId, target, DateTimeOffset.UtcNow);

    private static InstanceEndpoints FakeDriverEndpoints => ControlPlane.Testing.Provisioning.FakeDriver.Endpoints;

    private ReconcileInstance Command(Guid instanceId, long generation, Guid operationId) =>
        new(instanceId, Guid.NewGuid(), _worker.Region, generation, operationId, generation == 1 ? "create" : "update", DateTimeOffset.UtcNow);
}
