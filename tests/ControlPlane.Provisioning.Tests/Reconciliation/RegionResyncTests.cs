using ControlPlane.Testing.Provisioning;

namespace ControlPlane.Provisioning.Tests.Reconciliation;

public sealed class RegionResyncTests : IDisposable
{
    private readonly ReconcilerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Should_enqueue_every_live_instance_and_delete_orphans()
    {
        var live = TestInstances.Desired();
        var deleting = TestInstances.Desired(deleted: true);
        var deletedRecord = TestInstances.Desired(deleted: true);
        var otherRegion = TestInstances.Desired(region: "elsewhere");
        var unknown = Guid.NewGuid();
        foreach (var desired in new[] { live, deleting, deletedRecord, otherRegion })
        {
            _h.Reader.Set(desired);
        }

        _h.Reader.MarkFullyDeleted(deletedRecord.InstanceId);
        _h.Driver.Run(live.InstanceId, 1);
        _h.Driver.Run(deletedRecord.InstanceId, 1);
        _h.Driver.Run(otherRegion.InstanceId, 1);
        _h.Driver.Run(unknown, 3);

        await _h.Resync.RunAsync(CancellationToken.None);

        // The instance with no record at all is removed by the resync itself...
        Assert.Equal([unknown], _h.Driver.Deleted);
        Assert.Equal(1, _h.Driver.DeleteCalls);

        // ...the live ones and the one the control plane knows as deleted go through the reconciler.
        var processed = await _h.DrainAsync();
        Assert.Equal(
            new[] { live.InstanceId, deleting.InstanceId, deletedRecord.InstanceId }.Order(),
            processed.Order());
        Assert.Equal([unknown, deletedRecord.InstanceId], _h.Driver.Deleted);
        Assert.Equal(1, _h.Driver.ReconcileCalls);
        Assert.Equal(live.InstanceId, Assert.Single(_h.Publisher.Of<ControlPlane.Contracts.Events.InstanceReady>()).InstanceId);
        Assert.DoesNotContain(otherRegion.InstanceId, _h.Driver.Deleted);
    }

    [Fact]
    public async Task Should_not_delete_an_orphan_in_a_shard_another_worker_owns()
    {
        var unknown = Guid.NewGuid();
        _h.Driver.Run(unknown, 1);
        _h.Ownership.TakeAway(unknown);

        await _h.Resync.RunAsync(CancellationToken.None);

        Assert.Equal(0, _h.Driver.DeleteCalls);
    }

    [Fact]
    public async Task Should_not_cut_the_backoff_of_a_failing_instance_short()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Driver.ThenThrow();
        _h.Queue.Enqueue(desired.InstanceId);
        await _h.DrainAsync();

        await _h.Resync.RunAsync(CancellationToken.None);

        Assert.Empty(await _h.DrainAsync());
        Assert.Equal(1, _h.Driver.ReconcileCalls);
    }
}
