namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// The operation ids that commands carried, per instance and generation, so that the event that completes a
/// generation names its operation. In memory only: a restarted worker reports readiness without an operation id,
/// and the control plane completes operations by generation as well.
/// </summary>
public sealed class PendingOperations
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, SortedDictionary<long, PendingOperation>> _byInstance = [];

    // What was last reported per instance, so a command redelivered after its report (the broker's at-least-once, or
    // a non-owner's forwarded copy arriving late) is not taken up again and reported a second time.
    private readonly Dictionary<Guid, (long Generation, Guid? OperationId)> _reported = [];

    /// <summary>Remembers the operation; for one generation the most recently requested operation wins.</summary>
    public void Remember(Guid instanceId, long generation, Guid operationId, DateTimeOffset requestedAt)
    {
        lock (_gate)
        {
            if (_reported.TryGetValue(instanceId, out var reported)
                && (generation < reported.Generation || (generation == reported.Generation && operationId == reported.OperationId)))
            {
                return;
            }

            if (!_byInstance.TryGetValue(instanceId, out var operations))
            {
                operations = [];
                _byInstance[instanceId] = operations;
            }

            if (!operations.TryGetValue(generation, out var existing) || existing.RequestedAt <= requestedAt)
            {
                operations[generation] = new PendingOperation(operationId, requestedAt);
            }
        }
    }

    public Guid? Peek(Guid instanceId, long generation)
    {
        lock (_gate)
        {
            return _byInstance.TryGetValue(instanceId, out var operations) && operations.TryGetValue(generation, out var pending)
                ? pending.OperationId
                : null;
        }
    }

    /// <summary>
    /// Forgets the operation just reported for <paramref name="generation"/> and every older one: those were
    /// superseded by a newer spec, and the report for the newer generation covers them. An operation for the same
    /// generation that arrived while the pass ran (not the one reported) is kept, so the next pass reports it.
    /// </summary>
    public void Complete(Guid instanceId, long generation, Guid? reportedOperationId)
    {
        lock (_gate)
        {
            // A later report without an operation (a resync, a repeat) keeps the operation reported for that generation.
            if (!_reported.TryGetValue(instanceId, out var last) || generation > last.Generation
                || (generation == last.Generation && reportedOperationId is not null))
            {
                _reported[instanceId] = (generation, reportedOperationId);
            }

            if (!_byInstance.TryGetValue(instanceId, out var operations))
            {
                return;
            }

            foreach (var stale in operations.Where(o => o.Key < generation || (o.Key == generation && o.Value.OperationId == reportedOperationId)).ToList())
            {
                operations.Remove(stale.Key);
            }

            if (operations.Count == 0)
            {
                _byInstance.Remove(instanceId);
            }
        }
    }

    public void Forget(Guid instanceId)
    {
        lock (_gate)
        {
            _byInstance.Remove(instanceId);
            _reported.Remove(instanceId);
        }
    }

    private sealed record PendingOperation(Guid OperationId, DateTimeOffset RequestedAt);
}
