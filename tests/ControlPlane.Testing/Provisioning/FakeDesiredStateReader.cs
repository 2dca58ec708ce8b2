using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Testing.Provisioning;

public sealed class FakeDesiredStateReader : IDesiredStateReader
{
    private readonly ConcurrentDictionary<Guid, DesiredInstance> _instances = new();

    /// <summary>Instances already gone from the live list (status deleted), still readable one by one.</summary>
    private readonly ConcurrentDictionary<Guid, bool> _fullyDeleted = new();

    public void Set(DesiredInstance desired) => _instances[desired.InstanceId] = desired;

    public void MarkFullyDeleted(Guid instanceId) => _fullyDeleted[instanceId] = true;

    public void Remove(Guid instanceId) => _instances.TryRemove(instanceId, out _);

    /// <summary>Rows whose credentials do not decrypt: GetAsync throws as the real reader does; the listing still names them.</summary>
    private readonly ConcurrentDictionary<Guid, bool> _unreadable = new();

    public void MakeUnreadable(Guid instanceId) => _unreadable[instanceId] = true;

    /// <summary>Plays the control plane recording a report: the view's status of the instance becomes <paramref name="status"/>.</summary>
    public void Record(Guid instanceId, string status) =>
        _instances.AddOrUpdate(instanceId, _ => throw new InvalidOperationException("unknown instance"), (_, d) => d with { RecordedStatus = status });

    public Task<DesiredInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var desired = _instances.GetValueOrDefault(instanceId);
        return desired is not null && _unreadable.ContainsKey(instanceId)
            ? throw new DesiredStateUnreadableException(instanceId, desired.Generation, InstanceReconcileFailing.CredentialsUnreadable,
                "The worker cannot decrypt this instance's credentials.", new System.Security.Cryptography.CryptographicException("tag mismatch"))
            : Task.FromResult(desired);
    }

    public Task<PendingSwitchover?> GetPendingSwitchoverAsync(Guid instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(_instances.GetValueOrDefault(instanceId)?.Switchover);

    public async IAsyncEnumerable<Guid> ListLiveIdsAsync(string region, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var desired in _instances.Values.Where(d => d.Region == region && !_fullyDeleted.ContainsKey(d.InstanceId)))
        {
            yield return desired.InstanceId;
        }
    }

    public async IAsyncEnumerable<LiveInstance> ListLiveAsync(string region, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var instanceId in ListLiveIdsAsync(region, cancellationToken))
        {
            yield return new LiveInstance(instanceId, _instances[instanceId].Generation);
        }
    }
}
