using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Backups;
using ControlPlane.Testing.Provisioning;
using ControlPlane.Provisioning.Tests.Reconciliation;

namespace ControlPlane.Provisioning.Tests.BackupRuns;

/// <summary>The owner's pass over a running instance reports its archiving and recovery window, at most once per interval.</summary>
public sealed class ArchivingReportTests : IDisposable
{
    private readonly FakeBackupEngine _engine = new();
    private readonly ReconcilerHarness _worker;

    public ArchivingReportTests() => _worker = new ReconcilerHarness(_engine);

    [Fact]
    public async Task Should_report_archiving_and_the_window_once_per_interval_and_look_again_when_it_is_due()
    {
        var desired = TestInstances.Desired() with { RecordedStatus = "available" };
        _worker.Reader.Set(desired);
        _engine.Window = new RecoveryWindow(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 11, 59, 0, TimeSpan.Zero));

        for (var i = 0; i < 3; i++)
        {
            _worker.Queue.Enqueue(desired.InstanceId);
            await _worker.DrainAsync();
        }

        var report = Assert.Single(_worker.Publisher.Of<InstanceArchivingReported>());
        Assert.Equal((true, ArchivingReasons.Archiving, _engine.Window.Earliest, _engine.Window.Latest),
            (report.Healthy, report.Reason, report.RecoveryWindowEarliest, report.RecoveryWindowLatest));
        Assert.Equal(_worker.Settings.ArchivingReportInterval, _worker.RequeueDelay(desired.InstanceId));

        _engine.Archiving = _engine.Archiving with { Healthy = false, Reason = ArchivingReasons.CommandFailing, Message = "archive_command is failing" };
        await _worker.AdvanceAndDrainAsync(_worker.Settings.ArchivingReportInterval);

        Assert.Equal(2, _worker.Publisher.Of<InstanceArchivingReported>().Count);
        var broken = _worker.Publisher.Of<InstanceArchivingReported>()[1];
        Assert.Equal((false, ArchivingReasons.CommandFailing), (broken.Healthy, broken.Reason));
    }

    [Fact]
    public async Task Should_not_report_archiving_while_the_instance_is_not_ready()
    {
        var desired = TestInstances.Desired() with { RecordedStatus = "provisioning" };
        _worker.Reader.Set(desired);
        _worker.Driver.Then(_ => Provisioning.Drivers.ReconcileResult.Requeue("starting", "waiting for the leader", TimeSpan.FromSeconds(5)));

        _worker.Queue.Enqueue(desired.InstanceId);
        await _worker.DrainAsync();

        Assert.Equal(0, _engine.ArchivingReads);
        Assert.Empty(_worker.Publisher.Of<InstanceArchivingReported>());
    }

    public void Dispose() => _worker.Dispose();
}
