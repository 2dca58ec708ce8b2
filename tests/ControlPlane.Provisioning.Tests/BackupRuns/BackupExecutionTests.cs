using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Testing.Provisioning;
using ControlPlane.Provisioning.Tests.Reconciliation;

namespace ControlPlane.Provisioning.Tests.BackupRuns;

/// <summary>The owner's reconcile pass takes the backup the view shows running, once, off the pass, and reports how it ended.</summary>
public sealed class BackupExecutionTests : IDisposable
{
    private readonly FakeBackupEngine _engine = new();
    private readonly ReconcilerHarness _worker;
    private readonly PendingBackup _backup;
    private readonly DesiredInstance _desired;

    public BackupExecutionTests()
    {
        _worker = new ReconcilerHarness(_engine);
        _backup = new PendingBackup(Guid.NewGuid(), Domain.Backups.BackupKind.Differential, _worker.Time.GetUtcNow());
        _desired = TestInstances.Desired() with { RecordedStatus = "available", Backup = _backup };
        _worker.Reader.Set(_desired);
    }

    [Fact]
    public async Task Should_take_the_backup_once_however_often_the_pass_runs_and_report_it_completed()
    {
        _engine.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < 3; i++)
        {
            // A redelivered wake-up, the periodic resync: each runs the pass again while the backup is in flight.
            _worker.Queue.Enqueue(_desired.InstanceId);
            await _worker.DrainAsync();
        }

        _engine.Hold.SetResult();
        await RunOfAsync(_backup.OperationId);
        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();

        Assert.Equal(1, _engine.BackupCalls);
        Assert.Equal((_desired.InstanceId, BackupKind.Differential), Assert.Single(_engine.Requests));
        var completed = Assert.Single(_worker.Publisher.Of<BackupCompleted>());
        Assert.Equal((_backup.OperationId, "fake-engine", "20261125-120000F", "differential", "completed"),
            (completed.OperationId, completed.Engine, completed.BackupId, completed.Kind, completed.Status));
        Assert.Equal(("000000010000000000000003", "000000010000000000000004", 31_000_000L), (completed.WalStart, completed.WalStop, completed.SizeBytes));
        Assert.Empty(_worker.Publisher.Of<BackupFailed>());
    }

    [Fact]
    public async Task Should_report_the_engines_error_without_the_instances_secrets_when_the_backup_fails()
    {
        _engine.Answer = (desired, _) => new BackupResult(null, $"ERROR: [082]: WAL segment was not archived (password {desired.Credentials.SuperuserPassword})", TimeSpan.FromSeconds(60));

        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();
        await RunOfAsync(_backup.OperationId);

        var failed = Assert.Single(_worker.Publisher.Of<BackupFailed>());
        Assert.Equal((_backup.OperationId, "differential"), (failed.OperationId, failed.Kind));
        Assert.Contains("WAL segment was not archived", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(TestInstances.Credentials.SuperuserPassword, failed.Reason, StringComparison.Ordinal);
        Assert.Empty(_worker.Publisher.Of<BackupCompleted>());
    }

    [Fact]
    public async Task Should_report_a_failure_when_the_engine_throws()
    {
        _engine.Answer = (_, _) => throw new IOException("repository /var/lib/pgbackrest is not writable");

        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();
        await RunOfAsync(_backup.OperationId);

        Assert.Contains("not writable", Assert.Single(_worker.Publisher.Of<BackupFailed>()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_take_the_backup_again_on_the_next_pass_when_its_report_was_lost()
    {
        // Ready is reported first; then the backup's report is the one the broker loses.
        _worker.Reader.Set(_desired with { Backup = null });
        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();
        _worker.Reader.Set(_desired);
        _worker.Publisher.FailNext = 1;
        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();
        await RunOfAsync(_backup.OperationId);

        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();
        await RunOfAsync(_backup.OperationId);

        Assert.Equal(2, _engine.BackupCalls);
        Assert.Single(_worker.Publisher.Of<BackupCompleted>());
    }

    [Fact]
    public async Task Should_not_start_a_backup_while_the_instance_is_not_ready()
    {
        _worker.Driver.Then(_ => ReconcileResult.Requeue("starting", "waiting for the leader", TimeSpan.FromSeconds(5)));

        _worker.Queue.Enqueue(_desired.InstanceId);
        await _worker.DrainAsync();

        Assert.Equal(0, _engine.BackupCalls);
        Assert.Null(_worker.Backups.Running(_backup.OperationId));
    }

    [Fact]
    public async Task Should_fail_the_backup_with_a_reason_when_the_driver_keeps_no_backups()
    {
        using var worker = new ReconcilerHarness(backupEngine: null);
        worker.Reader.Set(_desired);

        worker.Queue.Enqueue(_desired.InstanceId);
        await worker.DrainAsync();
        await (worker.Backups.Running(_backup.OperationId) ?? Task.CompletedTask);

        Assert.Contains("keeps no backups", Assert.Single(worker.Publisher.Of<BackupFailed>()).Reason, StringComparison.Ordinal);
    }

    public void Dispose() => _worker.Dispose();

    private async Task RunOfAsync(Guid operationId)
    {
        if (_worker.Backups.Running(operationId) is { } run)
        {
            await run.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }
}
