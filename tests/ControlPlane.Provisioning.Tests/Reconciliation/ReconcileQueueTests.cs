using ControlPlane.Provisioning.Reconciliation;
using Microsoft.Extensions.Time.Testing;

namespace ControlPlane.Provisioning.Tests.Reconciliation;

public sealed class ReconcileQueueTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly ReconcileQueue _queue;

    public ReconcileQueueTests() => _queue = new ReconcileQueue(_time);

    public void Dispose() => _queue.Dispose();

    [Fact]
    public void Should_hold_an_id_once_however_often_it_is_nudged()
    {
        var id = Guid.NewGuid();

        Assert.True(_queue.Enqueue(id));
        Assert.False(_queue.Enqueue(id));

        Assert.True(_queue.TryTake(out var taken));
        Assert.Equal(id, taken);
        Assert.False(_queue.TryTake(out _));
    }

    [Fact]
    public void Should_not_hand_out_an_id_that_is_being_reconciled_until_it_is_done()
    {
        var id = Guid.NewGuid();
        _queue.Enqueue(id);
        Assert.True(_queue.TryTake(out _));

        Assert.True(_queue.Enqueue(id));
        Assert.False(_queue.TryTake(out _));

        _queue.Done(id);
        Assert.True(_queue.TryTake(out var again));
        Assert.Equal(id, again);
    }

    [Fact]
    public void Should_forget_an_id_that_was_not_nudged_while_it_ran()
    {
        var id = Guid.NewGuid();
        _queue.Enqueue(id);
        Assert.True(_queue.TryTake(out _));

        _queue.Done(id);

        Assert.False(_queue.TryTake(out _));
    }

    [Fact]
    public void Should_keep_the_earliest_schedule_of_an_id()
    {
        var id = Guid.NewGuid();
        _queue.EnqueueAfter(id, TimeSpan.FromSeconds(10));
        _queue.EnqueueAfter(id, TimeSpan.FromSeconds(3));
        _queue.EnqueueAfter(id, TimeSpan.FromSeconds(30));

        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromSeconds(3), _queue.ScheduledAt(id));
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.True(_queue.TryTake(out _));
        Assert.Null(_queue.ScheduledAt(id));
        _queue.Done(id);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.False(_queue.TryTake(out _));
    }

    [Fact]
    public void Should_not_let_a_resync_cut_a_scheduled_retry_short()
    {
        var id = Guid.NewGuid();
        _queue.EnqueueAfter(id, TimeSpan.FromSeconds(20));

        Assert.False(_queue.EnqueueUnlessScheduled(id));
        Assert.False(_queue.TryTake(out _));
    }

    [Fact]
    public async Task Should_wake_a_waiting_loop_when_an_id_arrives()
    {
        var id = Guid.NewGuid();
        var take = _queue.TakeAsync(CancellationToken.None).AsTask();
        Assert.False(take.IsCompleted);

        _queue.Enqueue(id);

        Assert.Equal(id, await take.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
