using System.Threading.Channels;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// The work queue of instance ids, with controller-runtime's semantics: an id is queued at most once however often
/// it is nudged; an id being reconciled is never handed to a second loop (a nudge meanwhile marks it dirty and it is
/// queued again when the running pass is done), so within a process one instance has one reconciler at a time.
/// </summary>
public sealed class ReconcileQueue(TimeProvider timeProvider) : IDisposable
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleWriter = false });
    private readonly Lock _gate = new();
    private readonly HashSet<Guid> _queued = [];
    private readonly HashSet<Guid> _processing = [];
    private readonly Dictionary<Guid, ScheduledNudge> _scheduled = [];

    /// <summary>Ids waiting in the queue (not counting those being reconciled or scheduled for later).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count;
            }
        }
    }

    /// <summary>Queues <paramref name="instanceId"/> now; false when it was already waiting.</summary>
    public bool Enqueue(Guid instanceId)
    {
        lock (_gate)
        {
            if (!_queued.Add(instanceId))
            {
                return false;
            }

            if (_processing.Contains(instanceId))
            {
                return true;
            }
        }

        _channel.Writer.TryWrite(instanceId);
        return true;
    }

    /// <summary>Queues the id after <paramref name="delay"/>; an earlier schedule for the same id wins over a later one.</summary>
    public void EnqueueAfter(Guid instanceId, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Enqueue(instanceId);
            return;
        }

        lock (_gate)
        {
            var due = timeProvider.GetUtcNow() + delay;
            if (_scheduled.TryGetValue(instanceId, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = timeProvider.CreateTimer(_ => Fire(instanceId, due), null, delay, Timeout.InfiniteTimeSpan);
            _scheduled[instanceId] = new ScheduledNudge(due, timer);
        }
    }

    /// <summary>When the id is scheduled to come back, if it is (a backoff or a requeue).</summary>
    public DateTimeOffset? ScheduledAt(Guid instanceId)
    {
        lock (_gate)
        {
            return _scheduled.TryGetValue(instanceId, out var nudge) ? nudge.Due : null;
        }
    }

    /// <summary>Queues the id unless it will come back on its own: a resync must not cut an instance's backoff short.</summary>
    public bool EnqueueUnlessScheduled(Guid instanceId) => ScheduledAt(instanceId) is null && Enqueue(instanceId);

    public async ValueTask<Guid> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var instanceId = await _channel.Reader.ReadAsync(cancellationToken);
            if (Claim(instanceId))
            {
                return instanceId;
            }
        }
    }

    public bool TryTake(out Guid instanceId)
    {
        while (_channel.Reader.TryRead(out instanceId))
        {
            if (Claim(instanceId))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Ends a pass over the id; if it was nudged meanwhile it goes back in the queue.</summary>
    public void Done(Guid instanceId)
    {
        bool requeue;
        lock (_gate)
        {
            _processing.Remove(instanceId);
            requeue = _queued.Contains(instanceId);
        }

        if (requeue)
        {
            _channel.Writer.TryWrite(instanceId);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var nudge in _scheduled.Values)
            {
                nudge.Timer.Dispose();
            }

            _scheduled.Clear();
        }

        _channel.Writer.TryComplete();
    }

    private bool Claim(Guid instanceId)
    {
        lock (_gate)
        {
            // An id is in the channel at most once, so this only guards the invariant: never run one twice at once.
            if (_processing.Contains(instanceId) || !_queued.Remove(instanceId))
            {
                return false;
            }

            _processing.Add(instanceId);
            return true;
        }
    }

    private void Fire(Guid instanceId, DateTimeOffset due)
    {
        lock (_gate)
        {
            if (!_scheduled.TryGetValue(instanceId, out var nudge) || nudge.Due != due)
            {
                return;
            }

            _scheduled.Remove(instanceId);
            nudge.Timer.Dispose();
        }

        Enqueue(instanceId);
    }

    private sealed record ScheduledNudge(DateTimeOffset Due, ITimer Timer);
}
