using System.Collections.Concurrent;
using ControlPlane.Provisioning.Health;

namespace ControlPlane.Testing.Provisioning;

/// <summary>The real in-memory expectations (no view behind them), recording what was registered and cancelled.</summary>
public sealed class FakeExpectedSwitchovers : IExpectedSwitchovers
{
    private readonly ExpectedSwitchovers _inner = new(TimeProvider.System);

    public ConcurrentQueue<ExpectedSwitchover> Registered { get; } = new();

    public ConcurrentQueue<(Guid InstanceId, Guid OperationId)> Cancelled { get; } = new();

    public void Expect(Guid instanceId, Guid operationId, string? targetMember, DateTimeOffset expiresAt, string? leader = null)
    {
        Registered.Enqueue(new ExpectedSwitchover(instanceId, operationId, targetMember, expiresAt) { Leader = leader });
        _inner.Expect(instanceId, operationId, targetMember, expiresAt, leader);
    }

    public void Cancel(Guid instanceId, Guid operationId)
    {
        Cancelled.Enqueue((instanceId, operationId));
        _inner.Cancel(instanceId, operationId);
    }

    public ExpectedSwitchover? Take(Guid instanceId, DateTimeOffset now) => _inner.Take(instanceId, now);

    public ValueTask<ExpectedSwitchover?> AnswerAsync(Guid instanceId, string? oldLeader, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inner.AnswerAsync(instanceId, oldLeader, now, cancellationToken);
}
