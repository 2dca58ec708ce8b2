using System.Collections.Concurrent;

namespace ControlPlane.Provisioning.Switchovers;

/// <summary>
/// Switchover operations this process already handed to Patroni. Unlike a reconcile, a switchover is not idempotent
/// (a second one moves the leader again), so passes after the first one must not ask again. In memory and per process:
/// across processes (a takeover, a restart) Patroni's own guard holds, since each request names the leader it moves
/// away from and Patroni refuses it once that member no longer leads.
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

    public bool Contains(Guid operationId) => _handled.ContainsKey(operationId);

    /// <summary>Lets a retry of the same message try again after a transient failure.</summary>
    public void Release(Guid operationId) => _handled.TryRemove(operationId, out _);
}
