using System.Collections.Concurrent;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Ownership;
using ControlPlane.Provisioning.Reconciliation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.BackupRuns;

/// <summary>
/// The archiving step of the owner's pass over a running instance: at most once per interval, reads from the backup
/// engine whether the primary's WAL reaches the archive and the times a restore can reach, and reports both
/// (<see cref="InstanceArchivingReported"/>). The control plane records an event when archiving breaks or is restored.
/// A failure to read or report is logged and tried again next interval; it never fails the pass.
/// </summary>
public sealed class ArchivingReporter(
    IInstanceEventPublisher publisher,
    IEventSequencer sequencer,
    IOptions<ReconcilerOptions> options,
    TimeProvider timeProvider,
    ILogger<ArchivingReporter> logger,
    IBackupEngine? engine = null)
{
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _reportedAt = new();

    /// <summary>When the pass should look again to report next; null without a backup engine.</summary>
    public async Task<TimeSpan?> ReportAsync(DesiredInstance desired, InstanceLease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(lease);
        if (engine is null)
        {
            return null;
        }

        var interval = options.Value.ArchivingReportInterval;
        var now = timeProvider.GetUtcNow();
        if (_reportedAt.TryGetValue(desired.InstanceId, out var last) && now - last < interval)
        {
            return interval - (now - last);
        }

        try
        {
            var status = await engine.GetArchivingStatusAsync(desired, cancellationToken);
            var window = await engine.GetRecoveryWindowAsync(desired.InstanceId, cancellationToken);
            lease.ThrowIfLost();
            await publisher.PublishAsync(
                new InstanceArchivingReported(desired.InstanceId, desired.Generation, sequencer.Next(lease), timeProvider.GetUtcNow(), status.Healthy, status.Reason,
                    ReconcileErrorText.Scrub(status.Message, desired.Credentials), status.LastArchivedAt, window?.Earliest, window?.Latest),
                cancellationToken);
            _reportedAt[desired.InstanceId] = now;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not LeaseLostException)
        {
            logger.LogWarning(ex, "Could not report the archiving of instance {InstanceId}; trying again in {Interval}", desired.InstanceId, interval);
        }

        return interval;
    }

    public void Forget(Guid instanceId) => _reportedAt.TryRemove(instanceId, out _);
}
