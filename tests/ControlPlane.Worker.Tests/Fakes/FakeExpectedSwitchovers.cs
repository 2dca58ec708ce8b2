using System.Collections.Concurrent;
using ControlPlane.Provisioning.Health;

namespace ControlPlane.Worker.Tests.Fakes;

internal sealed class FakeExpectedSwitchovers : IExpectedSwitchovers
{
    private readonly ConcurrentDictionary<Guid, ExpectedSwitchover> _pending = new();

    public ConcurrentQueue<ExpectedSwitchover> Registered { get; } = new();

    public void Expect(Guid instanceId, Guid operationId, string? targetMember, DateTimeOffset expiresAt)
    {
        var expected = new ExpectedSwitchover(instanceId, operationId, targetMember, expiresAt);
        Registered.Enqueue(expected);
        _pending[instanceId] = expected;
    }

    public ConcurrentQueue<(Guid InstanceId, Guid OperationId)> Cancelled { get; } = new();

    public void Cancel(Guid instanceId, Guid operationId)
    {
        Cancelled.Enqueue((instanceId, operationId));
        if (_pending.TryGetValue(instanceId, out var expected) && expected.OperationId == operationId)
        {
            _pending.TryRemove(instanceId, out _);
        }
    }

    public ExpectedSwitchover? Take(Guid instanceId, DateTimeOffset now) =>
        _pending.TryRemove(instanceId, out var expected) && expected.ExpiresAt > now ? expected : null;
}
