using System.Collections.Concurrent;
using ControlPlane.Provisioning.DesiredState;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// Requests this process handed to Patroni, one per instance (a newer one replaces the older), in front of the worker's
/// view of desired state, which is read only when a leader change is seen and no registered request answers it.
/// </summary>
public sealed class ExpectedSwitchovers(
    TimeProvider timeProvider,
    IDesiredStateReader? view = null,
    ILogger<ExpectedSwitchovers>? logger = null) : IExpectedSwitchovers
{
    private static readonly TimeSpan AnsweredRetention = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, ExpectedSwitchover> _pending = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _answered = new();
    private readonly ILogger _logger = logger ?? NullLogger<ExpectedSwitchovers>.Instance;

    public void Expect(Guid instanceId, Guid operationId, string? targetMember, DateTimeOffset expiresAt, string? leader = null)
    {
        ForgetExpired(timeProvider.GetUtcNow());
        _pending[instanceId] = new(instanceId, operationId, targetMember, expiresAt) { Leader = leader };
    }

    public ExpectedSwitchover? Take(Guid instanceId, DateTimeOffset now) =>
        _pending.TryRemove(instanceId, out var expected) && expected.ExpiresAt > now ? expected : null;

    public async ValueTask<ExpectedSwitchover?> AnswerAsync(Guid instanceId, string? oldLeader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_pending.TryGetValue(instanceId, out var registered) && SwitchoverMatching.Answers(registered, oldLeader, now))
        {
            _pending.TryRemove(new KeyValuePair<Guid, ExpectedSwitchover>(instanceId, registered));
            MarkAnswered(registered.OperationId, now);
            return registered;
        }

        var running = await ReadRunningAsync(instanceId, cancellationToken);
        if (running is null || _answered.ContainsKey(running.OperationId))
        {
            return null;
        }

        // The operation's deadline ends it at the API; while the view shows it, it is current.
        var expected = new ExpectedSwitchover(instanceId, running.OperationId, running.TargetMember, DateTimeOffset.MaxValue) { Leader = running.Leader };
        if (!SwitchoverMatching.Answers(expected, oldLeader, now))
        {
            return null;
        }

        MarkAnswered(running.OperationId, now);
        return expected;
    }

    public void Cancel(Guid instanceId, Guid operationId)
    {
        if (_pending.TryGetValue(instanceId, out var expected) && expected.OperationId == operationId)
        {
            // Removes only this exact request, never one that replaced it in the meantime.
            _pending.TryRemove(new KeyValuePair<Guid, ExpectedSwitchover>(instanceId, expected));
        }
    }

    private async Task<Drivers.PendingSwitchover?> ReadRunningAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        if (view is null)
        {
            return null;
        }

        try
        {
            return await view.GetPendingSwitchoverAsync(instanceId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the registered requests are known then: the change is recorded as a failover unless one answers it.
            _logger.LogWarning(ex, "Could not read the switchover operation of {InstanceId}; judging its leader change without it", instanceId);
            return null;
        }
    }

    private void MarkAnswered(Guid operationId, DateTimeOffset now)
    {
        if (operationId == Guid.Empty)
        {
            return;
        }

        foreach (var (id, at) in _answered)
        {
            if (now - at > AnsweredRetention)
            {
                _answered.TryRemove(id, out _);
            }
        }

        _answered[operationId] = now;
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
