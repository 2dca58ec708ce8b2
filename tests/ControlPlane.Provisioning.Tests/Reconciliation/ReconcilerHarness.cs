using ControlPlane.Provisioning;
using ControlPlane.Provisioning.BackupRuns;
using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Messaging;
using ControlPlane.Provisioning.Reconciliation;
using ControlPlane.Provisioning.Switchovers;
using ControlPlane.Testing.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ControlPlane.Provisioning.Tests.Reconciliation;

/// <summary>The real queue, reconciler, processor and resync over fakes, on a fake clock.</summary>
internal sealed class ReconcilerHarness : IDisposable
{
    /// <param name="backupEngine">The engine the backup step uses; none, like a driver that keeps no backups.</param>
    public ReconcilerHarness(IBackupEngine? backupEngine = null)
    {
        var worker = Options.Create(new WorkerOptions { Region = TestInstances.Region });
        var options = Options.Create(Settings);
        Queue = new ReconcileQueue(Time);
        var sequencer = new LeaseEventSequencer(Ownership);
        Switchovers = new SwitchoverExecutor(Driver, ExpectedSwitchovers, new HandledSwitchovers(Time), Publisher, sequencer,
            Options.Create(Messaging), Time, NullLogger<SwitchoverExecutor>.Instance);
        Backups = new BackupExecutor(Publisher, sequencer, Time, NullLogger<BackupExecutor>.Instance, backupEngine);
        Archiving = new ArchivingReporter(Publisher, sequencer, options, Time, NullLogger<ArchivingReporter>.Instance, backupEngine);
        Reconciler = new InstanceReconciler(Reader, Driver, Ownership, Publisher, sequencer, Health, Operations,
            options, worker, Time, NullLogger<InstanceReconciler>.Instance, Switchovers, Backups, Archiving);
        Processor = new ReconcileProcessor(Queue, Reconciler, new ReconcileBackoff(Settings, new Random(42)), NullLogger<ReconcileProcessor>.Instance);
        Resync = new RegionResync(Reader, Driver, Ownership, Queue, worker, NullLogger<RegionResync>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public ReconcilerOptions Settings { get; } = new()
    {
        InitialBackoff = TimeSpan.FromSeconds(1),
        MaxBackoff = TimeSpan.FromSeconds(60),
        DefaultRequeue = TimeSpan.FromSeconds(10),
        DeleteRequeue = TimeSpan.FromSeconds(5),
    };

    public WorkerMessagingOptions Messaging { get; } = new() { RetryLimit = 2, RetryMinInterval = TimeSpan.FromSeconds(1), RetryMaxInterval = TimeSpan.FromSeconds(4) };

    public FakeExpectedSwitchovers ExpectedSwitchovers { get; } = new();

    public SwitchoverExecutor Switchovers { get; }

    public BackupExecutor Backups { get; }

    public ArchivingReporter Archiving { get; }

    public FakeDesiredStateReader Reader { get; } = new();

    public FakeDriver Driver { get; } = new();

    public FakeOwnership Ownership { get; } = new();

    public RecordingPublisher Publisher { get; } = new();

    public RecordingHealthTracker Health { get; } = new();

    public PendingOperations Operations { get; } = new();

    public ReconcileQueue Queue { get; }

    public InstanceReconciler Reconciler { get; }

    public ReconcileProcessor Processor { get; }

    public RegionResync Resync { get; }

    /// <summary>Runs passes until nothing is queued now; returns the ids processed, in order.</summary>
    public async Task<IReadOnlyList<Guid>> DrainAsync()
    {
        var processed = new List<Guid>();
        while (Queue.TryTake(out var instanceId))
        {
            await Processor.ProcessAsync(instanceId, CancellationToken.None);
            processed.Add(instanceId);
        }

        return processed;
    }

    public async Task<IReadOnlyList<Guid>> AdvanceAndDrainAsync(TimeSpan by)
    {
        Time.Advance(by);
        return await DrainAsync();
    }

    public TimeSpan? RequeueDelay(Guid instanceId) => Queue.ScheduledAt(instanceId) - Time.GetUtcNow();

    public void Dispose()
    {
        Queue.Dispose();
        Backups.Dispose();
    }
}
