using ControlPlane.Provisioning.Ownership;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// Runs one pass for an id taken from the queue and decides when it comes back: at the driver's requeue time,
/// after a growing backoff when the pass threw, or not until the next nudge or resync (also when the lease was lost).
/// </summary>
public sealed class ReconcileProcessor(
    ReconcileQueue queue,
    InstanceReconciler reconciler,
    ReconcileBackoff backoff,
    ILogger<ReconcileProcessor> logger,
    ReconcileMetrics? metrics = null,
    TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _clock = timeProvider ?? TimeProvider.System;

    public async Task ProcessAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var started = _clock.GetTimestamp();
        try
        {
            var requeueAfter = await reconciler.ReconcileAsync(instanceId, cancellationToken);
            metrics?.Record(requeueAfter is null ? ReconcileMetrics.Outcomes.Succeeded : ReconcileMetrics.Outcomes.Requeued, _clock.GetElapsedTime(started));
            backoff.Reset(instanceId);
            if (requeueAfter is { } delay)
            {
                queue.EnqueueAfter(instanceId, delay);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (LeaseLostException)
        {
            // Not a failure to back off from: the instance has (or soon gets) another owner, which queues it on taking it.
            backoff.Reset(instanceId);
            logger.LogInformation("Pass over instance {InstanceId} stopped: this worker's lease on it ran out", instanceId);
        }
        catch (Exception ex)
        {
            metrics?.Record(ReconcileMetrics.Outcomes.Failed, _clock.GetElapsedTime(started));
            var delay = backoff.NextDelay(instanceId);
            logger.LogWarning(ex, "Reconciling instance {InstanceId} failed ({Failures} in a row); retrying in {Delay}",
                instanceId, backoff.Failures(instanceId), delay);
            queue.EnqueueAfter(instanceId, delay);
        }
        finally
        {
            queue.Done(instanceId);
        }
    }
}
