using ControlPlane.Provisioning.Reconciliation;
using ControlPlane.Testing.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Tests.Reconciliation;

public sealed class ResyncLoopTests : IDisposable
{
    private readonly ReconcilerHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Should_resync_at_start_and_then_every_interval()
    {
        var desired = TestInstances.Desired();
        _h.Reader.Set(desired);
        _h.Settings.ResyncInterval = TimeSpan.FromMinutes(5);
        using var loop = new ResyncLoop(_h.Resync, Options.Create(_h.Settings), _h.Time, NullLogger<ResyncLoop>.Instance);

        await loop.StartAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => _h.Queue.Count == 1, "the start-up resync", TimeSpan.FromSeconds(10));
        await _h.DrainAsync();

        _h.Time.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(100);
        Assert.Equal(0, _h.Queue.Count);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.HoldsAsync(() => _h.Queue.Count == 1, "the periodic resync", TimeSpan.FromSeconds(10));
        await loop.StopAsync(CancellationToken.None);
    }
}
