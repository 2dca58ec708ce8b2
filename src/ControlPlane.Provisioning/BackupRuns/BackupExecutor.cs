using System.Collections.Concurrent;
using ControlPlane.Contracts.Events;
using ControlPlane.Domain;
using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Ownership;
using ControlPlane.Provisioning.Reconciliation;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.BackupRuns;

/// <summary>
/// The backup step of the owner's reconcile pass: starts the backup operation the view shows running, once per process,
/// and reports how it ended (<see cref="BackupCompleted"/> or <see cref="BackupFailed"/>, with the engine's error). The
/// backup itself runs off the pass (it takes minutes; the pass must not), under the same lease: it stops when the lease
/// is lost, and a new owner starts it again from the view. Without a backup engine (a driver that keeps none) the
/// operation fails with that reason.
/// </summary>
public sealed class BackupExecutor(
    IInstanceEventPublisher publisher,
    IEventSequencer sequencer,
    TimeProvider timeProvider,
    ILogger<BackupExecutor> logger,
    IBackupEngine? engine = null) : IDisposable
{
    // Kept after the run ends: the view shows the operation running until the control plane records the report.
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, Run> _runs = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Starts the backup in the view unless this process already runs or ran it; returns the run, or null.</summary>
    public Task? Start(DesiredInstance desired, InstanceLease lease)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(lease);
        if (desired.Backup is not { } backup || desired.Deleted)
        {
            return null;
        }

        Prune();
        var run = new Run();
        if (!_runs.TryAdd(backup.OperationId, run))
        {
            return null;
        }

        run.Task = Task.Run(() => RunAsync(desired, backup, lease, run), CancellationToken.None);
        return run.Task;
    }

    /// <summary>The run of an operation, while this process remembers it (for tests and shutdown).</summary>
    public Task? Running(Guid operationId) => _runs.TryGetValue(operationId, out var run) ? run.Task : null;

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task RunAsync(DesiredInstance desired, PendingBackup backup, InstanceLease lease, Run run)
    {
        using var fenced = CancellationTokenSource.CreateLinkedTokenSource(lease.Lost, _stopping.Token);
        var cancellationToken = fenced.Token;
        var kind = EnumWords.Word(backup.Kind);
        var startedAt = timeProvider.GetUtcNow();
        try
        {
            if (engine is null)
            {
                await PublishAsync(new BackupFailed(desired.InstanceId, backup.OperationId, desired.Generation, sequencer.Next(lease), timeProvider.GetUtcNow(),
                    kind, startedAt, "This instance's driver keeps no backups."), cancellationToken);
                return;
            }

            logger.LogInformation("Backup ({Kind}) of instance {InstanceId} starts (operation {OperationId}, engine {Engine})",
                kind, desired.InstanceId, backup.OperationId, engine.Name);
            BackupResult result;
            try
            {
                result = await engine.BackupAsync(desired, Enum.Parse<BackupKind>(backup.Kind.ToString()), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                result = new BackupResult(null, ReconcileErrorText.Describe(ex, desired.Credentials), timeProvider.GetUtcNow() - startedAt);
            }

            lease.ThrowIfLost();
            if (result.Backup is { } record)
            {
                await PublishAsync(Completed(desired, backup, lease, record), cancellationToken);
                logger.LogInformation("Backup {BackupId} of instance {InstanceId} completed in {Duration} (operation {OperationId})",
                    record.Id, desired.InstanceId, result.Duration, backup.OperationId);
            }
            else
            {
                var reason = ReconcileErrorText.Scrub(result.Error ?? "The engine produced no backup and gave no reason.", desired.Credentials);
                await PublishAsync(new BackupFailed(desired.InstanceId, backup.OperationId, desired.Generation, sequencer.Next(lease), timeProvider.GetUtcNow(),
                    kind, startedAt, reason), cancellationToken);
                logger.LogWarning("Backup of instance {InstanceId} failed (operation {OperationId}): {Reason}", desired.InstanceId, backup.OperationId, reason);
            }
        }
        catch (Exception ex) when (ex is LeaseLostException or OperationCanceledException)
        {
            // The instance's new owner (or this worker after a restart) starts the backup again from the view.
            logger.LogInformation("Backup of instance {InstanceId} stopped: this worker no longer owns it or is stopping (operation {OperationId})",
                desired.InstanceId, backup.OperationId);
            _runs.TryRemove(backup.OperationId, out _);
        }
        catch (Exception ex)
        {
            // The report was lost (the broker is down): forget the run, so the next pass takes the backup again and reports it.
            logger.LogWarning(ex, "Could not report the backup of instance {InstanceId} (operation {OperationId}); the next pass runs it again",
                desired.InstanceId, backup.OperationId);
            _runs.TryRemove(backup.OperationId, out _);
        }
        finally
        {
            run.EndedAt = timeProvider.GetUtcNow();
        }
    }

    private BackupCompleted Completed(DesiredInstance desired, PendingBackup backup, InstanceLease lease, BackupRecord record) =>
        new(desired.InstanceId, backup.OperationId, desired.Generation, sequencer.Next(lease), timeProvider.GetUtcNow(), engine!.Name, record.Id,
            record.Kind.ToString().ToLowerInvariant(), record.Status.ToString().ToLowerInvariant(), record.StartedAt, record.FinishedAt,
            record.WalStart, record.WalStop, record.LsnStart, record.LsnStop, record.SizeBytes, record.RepositorySizeBytes,
            record.Error is null ? null : ReconcileErrorText.Scrub(record.Error, desired.Credentials));

    private Task PublishAsync<TEvent>(TEvent instanceEvent, CancellationToken cancellationToken)
        where TEvent : class, IInstanceEvent => publisher.PublishAsync(instanceEvent, cancellationToken);

    private void Prune()
    {
        var now = timeProvider.GetUtcNow();
        foreach (var (id, run) in _runs)
        {
            if (run.EndedAt is { } ended && now - ended > Retention)
            {
                _runs.TryRemove(id, out _);
            }
        }
    }

    private sealed class Run
    {
        public DateTimeOffset? EndedAt { get; set; }

        public Task? Task { get; set; }
    }
}
