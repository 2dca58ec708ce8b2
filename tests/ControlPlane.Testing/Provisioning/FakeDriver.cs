using System.Collections.Concurrent;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Testing.Provisioning;

/// <summary>
/// An idempotent driver in memory. <see cref="Applied"/> records the side effects: a (instance, generation) pair is
/// added only when the spec it is asked for differs from what it runs, like a real driver's create/patch.
/// </summary>
public sealed class FakeDriver : IInstanceDriver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, long> _running = [];
    private readonly List<(Guid InstanceId, long Generation)> _applied = [];
    private readonly ConcurrentQueue<Func<DesiredInstance, ReconcileResult>> _script = new();
    private readonly ConcurrentQueue<bool> _deleteScript = new();
    private readonly List<Guid> _deleted = [];
    private int _reconcileCalls;
    private int _deleteCalls;
    private int _endpointCalls;

    public static InstanceEndpoints Endpoints { get; } = new("127.0.0.1", 6432, "127.0.0.1", 6433);

    public string Name => "fake";

    public int ReconcileCalls => Volatile.Read(ref _reconcileCalls);

    public int DeleteCalls => Volatile.Read(ref _deleteCalls);

    public int EndpointCalls => Volatile.Read(ref _endpointCalls);

    public Func<DesiredInstance, string?, SwitchoverOutcome> Switchover { get; set; } = (_, _) => new SwitchoverOutcome(true, "ok");

    public int SwitchoverCalls;

    /// <summary>The leader a ready pass reports.</summary>
    public string Primary { get; set; } = "db-one-0";

    /// <summary>What each switchover call was given: the pending switchover the view showed, and the target.</summary>
    public ConcurrentQueue<(PendingSwitchover? Switchover, string? Target)> SwitchoverRequests { get; } = new();

    public IReadOnlyList<(Guid InstanceId, long Generation)> Applied
    {
        get
        {
            lock (_gate)
            {
                return [.. _applied];
            }
        }
    }

    public IReadOnlyList<Guid> Deleted
    {
        get
        {
            lock (_gate)
            {
                return [.. _deleted];
            }
        }
    }

    /// <summary>The next passes' results, in order; a pass with nothing scripted is Ready.</summary>
    public FakeDriver Then(Func<DesiredInstance, ReconcileResult> next)
    {
        _script.Enqueue(next);
        return this;
    }

    public FakeDriver ThenThrow(int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _script.Enqueue(_ => throw new HttpRequestException("API server unreachable"));
        }

        return this;
    }

    public FakeDriver ThenDeleteReturns(params bool[] results)
    {
        foreach (var result in results)
        {
            _deleteScript.Enqueue(result);
        }

        return this;
    }

    public void Run(Guid instanceId, long generation)
    {
        lock (_gate)
        {
            _running[instanceId] = generation;
        }
    }

    public Task<ReconcileResult> ReconcileAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reconcileCalls);
        var result = _script.TryDequeue(out var next) ? next(desired) : ReconcileResult.Done(Endpoints, Primary);
        lock (_gate)
        {
            if (!_running.TryGetValue(desired.InstanceId, out var generation) || generation != desired.Generation)
            {
                _running[desired.InstanceId] = desired.Generation;
                _applied.Add((desired.InstanceId, desired.Generation));
            }
        }

        return Task.FromResult(result);
    }

    public Task<bool> DeleteAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deleteCalls);
        var done = !_deleteScript.TryDequeue(out var scripted) || scripted;
        lock (_gate)
        {
            if (done && _running.Remove(desired.InstanceId))
            {
                _deleted.Add(desired.InstanceId);
            }
        }

        return Task.FromResult(done);
    }

    public Task<SwitchoverOutcome> SwitchoverAsync(DesiredInstance desired, string? targetMember, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref SwitchoverCalls);
        SwitchoverRequests.Enqueue((desired.Switchover, targetMember));
        return Task.FromResult(Switchover(desired, targetMember));
    }

    public Task<IReadOnlyList<PatroniMemberEndpoint>> GetPatroniEndpointsAsync(DesiredInstance desired, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _endpointCalls);
        return Task.FromResult<IReadOnlyList<PatroniMemberEndpoint>>([new PatroniMemberEndpoint($"{desired.Name}-0", new Uri("http://127.0.0.1:8008"))]);
    }

    public Task<IReadOnlyCollection<Guid>> ListManagedInstancesAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyCollection<Guid>>([.. _running.Keys]);
        }
    }
}
