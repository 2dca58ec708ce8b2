using System.Diagnostics.Metrics;
using ControlPlane.Provisioning.Ownership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ControlPlane.Worker.Tests.Ownership;

/// <summary>Real ownership state on a fake clock (monotonic time included), with its meter.</summary>
internal sealed class OwnershipTestKit : IDisposable
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public OwnershipTestKit(string workerId = "worker-a")
    {
        Settings.WorkerId = workerId;
        Metrics = new OwnershipMetrics(_meters.GetRequiredService<IMeterFactory>());
        Ownership = new InstanceOwnership(Time, Options.Create(Settings), Metrics);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));

    public OwnershipOptions Settings { get; } = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(10),
        RenewInterval = TimeSpan.FromSeconds(2),
        SafetyMargin = TimeSpan.FromSeconds(2),
    };

    public OwnershipMetrics Metrics { get; }

    public InstanceOwnership Ownership { get; }

    public IMeterFactory MeterFactory => _meters.GetRequiredService<IMeterFactory>();

    /// <summary>An instance id that falls in <paramref name="shard"/>.</summary>
    public static Guid InstanceIn(int shard)
    {
        while (true)
        {
            var id = Guid.NewGuid();
            if (Domain.Ownership.InstanceShards.Of(id) == shard)
            {
                return id;
            }
        }
    }

    public void Dispose()
    {
        Ownership.Dispose();
        Metrics.Dispose();
        _meters.Dispose();
    }
}
