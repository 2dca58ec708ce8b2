using System.Collections.Concurrent;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// In memory, one pending request per instance (a newer one replaces the older). Only the worker that asked Patroni
/// for the switchover knows about it, which is fine: the same worker holds the instance and runs its detector.
/// </summary>
public sealed class ExpectedSwitchovers(TimeProvider timeProvider) : IExpectedSwitchovers
{
    private readonly ConcurrentDictionary<Guid, ExpectedSwitchover> _pending = new();

    public void Expect(Guid instanceId, Guid operationId, string? targetMember, DateTimeOffset expiresAt)
    {
        ForgetExpired(timeProvider.GetUtcNow());
        _pending[instanceId] = new(instanceId, operationId, targetMember, expiresAt);
    }

    public ExpectedSwitchover? Take(Guid instanceId, DateTimeOffset now) =>
        _pending.TryRemove(instanceId, out var expected) && expected.ExpiresAt > now ? expected : null;

    public void Cancel(Guid instanceId, Guid operationId)
    {
        if (_pending.TryGetValue(instanceId, out var expected) && expected.OperationId == operationId)
        {
            // Removes only this exact request, never one that replaced it in the meantime.
            _pending.TryRemove(new KeyValuePair<Guid, ExpectedSwitchover>(instanceId, expected));
        }
    }

    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (instanceId, expected) in _pending)
        {
            if (expected.ExpiresAt <= now)
            {
                _pending.TryRemove(new KeyValuePair<Guid, ExpectedSwitchover>(instanceId, expected));
            }
        }
    }
}
