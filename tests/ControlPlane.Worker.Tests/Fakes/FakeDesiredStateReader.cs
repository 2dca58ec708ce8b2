using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Worker.Tests.Fakes;

internal sealed class FakeDesiredStateReader : IDesiredStateReader
{
    private readonly ConcurrentDictionary<Guid, DesiredInstance> _instances = new();

    /// <summary>Instances already gone from the live list (status deleted), still readable one by one.</summary>
    private readonly ConcurrentDictionary<Guid, bool> _fullyDeleted = new();

    public void Set(DesiredInstance desired) => _instances[desired.InstanceId] = desired;

    public void MarkFullyDeleted(Guid instanceId) => _fullyDeleted[instanceId] = true;

    public void Remove(Guid instanceId) => _instances.TryRemove(instanceId, out _);

    public Task<DesiredInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken) =>
        Task.FromResult(_instances.GetValueOrDefault(instanceId));

    public async IAsyncEnumerable<DesiredInstance> ListLiveAsync(string region, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var desired in _instances.Values.Where(d => d.Region == region && !_fullyDeleted.ContainsKey(d.InstanceId)))
        {
            yield return desired;
        }
    }
}
