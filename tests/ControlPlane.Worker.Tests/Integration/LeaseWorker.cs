using System.Diagnostics.Metrics;
using ControlPlane.Provisioning;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Ownership;
using ControlPlane.Provisioning.Reconciliation;
using ControlPlane.Testing.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Worker.Tests.Integration;

/// <summary>
/// One worker's ownership machinery on its own connections to a scratch database: two of these in one test process
/// play two worker processes. Rounds run when the test says, so a test freezes a worker by not running its rounds.
/// </summary>
internal sealed class LeaseWorker : IAsyncDisposable
{
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public LeaseWorker(string name, string connectionString, string region)
    {
        Metadata = WorkerMetadataDataSource.Create(connectionString);
        var options = Options.Create(new OwnershipOptions
        {
            LeaseDuration = TimeSpan.FromSeconds(3),
            RenewInterval = TimeSpan.FromMilliseconds(500),
            SafetyMargin = TimeSpan.FromMilliseconds(500),
            WorkerId = name,
        });
        var worker = Options.Create(new WorkerOptions { Region = region });
        Metrics = new OwnershipMetrics(_meters.GetRequiredService<IMeterFactory>());
        Ownership = new InstanceOwnership(TimeProvider.System, options, Metrics);
        Store = new ShardLeaseStore(Metadata);
        Queue = new ReconcileQueue(TimeProvider.System);
        var reader = new NpgsqlDesiredStateReader(Metadata, new FakeUnprotector());
        Loop = new OwnershipLoop(Ownership, Store, reader, Queue, new RecordingHealthTracker(), Metrics, options, worker, TimeProvider.System,
            NullLogger<OwnershipLoop>.Instance);
        Wakeups = new OwnerWakeups(Ownership, Store, Metadata, Queue, new PendingOperations(), worker, NullLogger<OwnerWakeups>.Instance);
        Settings = options.Value;
    }

    public OwnershipOptions Settings { get; }

    public WorkerMetadataDataSource Metadata { get; }

    public OwnershipMetrics Metrics { get; }

    public InstanceOwnership Ownership { get; }

    public ShardLeaseStore Store { get; }

    public ReconcileQueue Queue { get; }

    public OwnershipLoop Loop { get; }

    public OwnerWakeups Wakeups { get; }

    public Task<OwnershipChange> RoundAsync() => Loop.RunRoundAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        Queue.Dispose();
        Ownership.Dispose();
        Metrics.Dispose();
        await Metadata.DisposeAsync();
        await _meters.DisposeAsync();
    }
}
