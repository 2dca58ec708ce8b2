using System.Collections.Concurrent;

namespace ControlPlane.Provisioning.Consumers;

/// <summary>
/// Switchover operations this worker already handed to Patroni. Unlike a reconcile, a switchover is not idempotent
/// (a second one moves the leader again), so a redelivered or duplicated request must be dropped. In memory and per
/// process: that covers the broker's redeliveries to a live worker, which are the common case.
/// </summary>
public sealed class HandledSwitchovers(TimeProvider timeProvider)
{
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _handled = new();

    /// <summary>False when the operation was already handled (or is being handled right now).</summary>
    public bool TryBegin(Guid operationId)
    {
        var now = timeProvider.GetUtcNow();
        foreach (var (id, at) in _handled)
        {
            if (now - at > Retention)
            {
                _handled.TryRemove(id, out _);
            }
        }

        return _handled.TryAdd(operationId, now);
    }

    /// <summary>Lets a retry of the same message try again after a transient failure.</summary>
    public void Release(Guid operationId) => _handled.TryRemove(operationId, out _);
}
