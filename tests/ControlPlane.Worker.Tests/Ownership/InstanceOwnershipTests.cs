using System.Diagnostics.Metrics;
using ControlPlane.Provisioning.Ownership;

namespace ControlPlane.Worker.Tests.Ownership;

public sealed class InstanceOwnershipTests : IDisposable
{
    private readonly OwnershipTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    [Fact]
    public void Should_own_the_instances_of_the_shards_it_holds_and_no_others()
    {
        var mine = OwnershipTestKit.InstanceIn(3);
        var theirs = OwnershipTestKit.InstanceIn(4);

        var change = _kit.Ownership.Apply(_kit.Time.GetTimestamp(), [new HeldLease(3, 1048577)]);

        Assert.Equal([3], change.Acquired);
        var lease = _kit.Ownership.TryGet(mine);
        Assert.NotNull(lease);
        Assert.Equal((3, 1048577L, true), (lease.Shard, lease.Epoch, lease.IsValid));
        Assert.Null(_kit.Ownership.TryGet(theirs));
    }

    [Fact]
    public void Should_stop_trusting_a_lease_a_safety_margin_before_the_database_expires_it_when_renewals_stop()
    {
        var instanceId = OwnershipTestKit.InstanceIn(5);
        _kit.Ownership.Apply(_kit.Time.GetTimestamp(), [new HeldLease(5, 1048576)]);
        var lease = _kit.Ownership.TryGet(instanceId)!;

        // Frozen (SIGSTOP) or cut off: no round completes, time goes on.
        _kit.Time.Advance(TimeSpan.FromSeconds(7.9));
        Assert.True(lease.IsValid);
        _kit.Time.Advance(TimeSpan.FromSeconds(0.2));

        Assert.False(lease.IsValid);
        Assert.True(lease.Lost.IsCancellationRequested);
        Assert.Throws<LeaseLostException>(lease.ThrowIfLost);
        Assert.Null(_kit.Ownership.TryGet(instanceId));
        Assert.Empty(_kit.Ownership.OwnedShards());
    }

    [Fact]
    public void Should_count_validity_from_the_start_of_the_renewal_not_from_when_its_answer_came_back()
    {
        var instanceId = OwnershipTestKit.InstanceIn(6);
        var start = _kit.Time.GetTimestamp();
        _kit.Time.Advance(TimeSpan.FromSeconds(5)); // a slow round trip (or a freeze right after sending it)

        _kit.Ownership.Apply(start, [new HeldLease(6, 1048576)]);
        _kit.Time.Advance(TimeSpan.FromSeconds(3.1));

        Assert.Null(_kit.Ownership.TryGet(instanceId));
    }

    [Fact]
    public void Should_keep_a_renewed_lease_and_replace_one_that_comes_back_under_a_new_epoch()
    {
        var instanceId = OwnershipTestKit.InstanceIn(7);
        _kit.Ownership.Apply(_kit.Time.GetTimestamp(), [new HeldLease(7, 1048576)]);
        var first = _kit.Ownership.TryGet(instanceId)!;

        _kit.Time.Advance(TimeSpan.FromSeconds(2));
        var renewed = _kit.Ownership.Apply(_kit.Time.GetTimestamp(), [new HeldLease(7, 1048576)]);
        _kit.Time.Advance(TimeSpan.FromSeconds(7));
        Assert.Same(OwnershipChange.None, renewed);
        Assert.True(first.IsValid);

        var retaken = _kit.Ownership.Apply(_kit.Time.GetTimestamp(), [new HeldLease(7, 1048578)]);
        Assert.Equal([7], retaken.Acquired);
        Assert.False(first.IsValid);
        Assert.Equal(1048578, _kit.Ownership.TryGet(instanceId)!.Epoch);
    }

    [Fact]
    public void Should_drop_a_shard_handed_over_before_the_release_is_sent_and_count_it()
    {
        var handovers = 0L;
        var losses = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OwnershipMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name.EndsWith("handovers", StringComparison.Ordinal))
            {
                handovers += value;
            }
            else if (instrument.Name.EndsWith("losses", StringComparison.Ordinal))
            {
                losses += value;
            }
        });
        listener.Start();
        var instanceId = OwnershipTestKit.InstanceIn(8);
        _kit.Ownership.Apply(_kit.Time.GetTimestamp(), [new HeldLease(8, 1048576), new HeldLease(9, 1048576)]);
        var lease = _kit.Ownership.TryGet(instanceId)!;

        _kit.Ownership.Relinquish([8]);
        var change = _kit.Ownership.Apply(_kit.Time.GetTimestamp(), []);

        Assert.False(lease.IsValid);
        Assert.Equal([9], change.Lost);
        Assert.Equal((1L, 1L), (handovers, losses));
    }
}
