using System.Collections.Concurrent;
using ControlPlane.Provisioning.Reconciliation;

namespace ControlPlane.Worker.Tests.Fakes;

/// <summary>Leases in memory; <see cref="HeldElsewhere"/> plays another worker that holds an instance.</summary>
internal sealed class FakeLeases : IInstanceLeases
{
    public ConcurrentDictionary<Guid, bool> HeldElsewhere { get; } = new();

    public Task<IAsyncDisposable?> TryAcquireAsync(Guid instanceId, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(HeldElsewhere.ContainsKey(instanceId) ? null : new Released());

    private sealed class Released : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
