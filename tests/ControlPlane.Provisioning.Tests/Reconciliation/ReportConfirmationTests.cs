using ControlPlane.Contracts.Events;
using ControlPlane.Testing.Provisioning;

namespace ControlPlane.Provisioning.Tests.Reconciliation;

/// <summary>
/// Reports are level-triggered: the worker repeats what it applied until the control plane's record (the view's
/// status) shows it, so a report lost while the metadata database was down is not lost for good.
/// </summary>
public sealed class ReportConfirmationTests : IDisposable
{
    private readonly ReconcilerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Should_report_ready_again_until_the_control_plane_records_it()
    {
        var desired = TestInstances.Desired() with { RecordedStatus = "provisioning" };
        _h.Reader.Set(desired);
        _h.Queue.Enqueue(desired.InstanceId);

        await _h.DrainAsync();
        Assert.Equal(_h.Settings.ReportConfirmInterval, _h.RequeueDelay(desired.InstanceId));
        await _h.AdvanceAndDrainAsync(_h.Settings.ReportConfirmInterval);
        await _h.AdvanceAndDrainAsync(_h.Settings.ReportConfirmInterval);
        Assert.Equal(3, _h.Publisher.Of<InstanceReady>().Count);

        _h.Reader.Record(desired.InstanceId, "available");
        await _h.AdvanceAndDrainAsync(_h.Settings.ReportConfirmInterval);

        Assert.Equal(3, _h.Publisher.Of<InstanceReady>().Count);
        Assert.Null(_h.Queue.ScheduledAt(desired.InstanceId));
        Assert.Single(_h.Driver.Applied);
    }

    [Fact]
    public async Task Should_report_ready_to_an_instance_the_control_plane_failed_at_its_deadline()
    {
        var desired = TestInstances.Desired() with { RecordedStatus = "available" };
        _h.Reader.Set(desired);
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();
        Assert.Single(_h.Publisher.Of<InstanceReady>());

        // The record says failed (an operation passed its deadline) while the instance runs at its newest generation.
        _h.Reader.Record(desired.InstanceId, "failed");
        await _h.Resync.RunAsync(CancellationToken.None);
        await _h.DrainAsync();

        Assert.Equal(2, _h.Publisher.Of<InstanceReady>().Count);
    }

    [Fact]
    public async Task Should_report_deleted_again_until_the_control_plane_records_it()
    {
        var desired = TestInstances.Desired(deleted: true) with { RecordedStatus = "deleting" };
        _h.Reader.Set(desired);
        _h.Driver.Run(desired.InstanceId, 1);
        _h.Queue.Enqueue(desired.InstanceId);

        await _h.DrainAsync();
        await _h.AdvanceAndDrainAsync(_h.Settings.ReportConfirmInterval);
        Assert.Equal(2, _h.Publisher.Of<InstanceDeleted>().Count);

        _h.Reader.Record(desired.InstanceId, "deleted");
        await _h.AdvanceAndDrainAsync(_h.Settings.ReportConfirmInterval);

        Assert.Equal(2, _h.Publisher.Of<InstanceDeleted>().Count);
        Assert.Null(_h.Queue.ScheduledAt(desired.InstanceId));
        Assert.Equal([desired.InstanceId], _h.Driver.Deleted);
    }
}
