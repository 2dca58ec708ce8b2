using System.Collections.Concurrent;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Ownership;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// One level-triggered pass over one instance this worker owns: re-read the newest desired spec, let the driver
/// converge, report what changed. Instances owned by another worker are left alone (their owner reconciles them).
/// The pass is fenced by its lease: the driver gets a token cancelled when the lease runs out, every side effect and
/// every event checks it first, and its events carry the lease's epoch so the control plane refuses them once a newer
/// owner holds the instance. Safe to run any number of times; returns when to look again, or null.
/// Exceptions are transient by the driver's contract and are left to the caller's backoff; when they keep coming the
/// instance is reported as failing to reconcile (once, and again only if the error changes), and as recovered after.
/// Ready and deleted are reported again until the control plane's record (the view's status) shows them: a report
/// lost while the metadata database was down must not leave the instance provisioning for ever.
/// </summary>
public sealed class InstanceReconciler(
    IDesiredStateReader reader,
    IInstanceDriver driver,
    IInstanceOwnership ownership,
    IInstanceEventPublisher publisher,
    IEventSequencer sequencer,
    IInstanceHealthTracker health,
    PendingOperations operations,
    IOptions<ReconcilerOptions> options,
    IOptions<WorkerOptions> worker,
    TimeProvider timeProvider,
    ILogger<InstanceReconciler> logger,
    Switchovers.SwitchoverExecutor? switchovers = null,
    BackupRuns.BackupExecutor? backups = null,
    BackupRuns.ArchivingReporter? archiving = null)
{
    private readonly ConcurrentDictionary<Guid, InstanceReconcileState> _states = new();

    public async Task<TimeSpan?> ReconcileAsync(Guid instanceId, CancellationToken stoppingToken)
    {
        if (ownership.TryGet(instanceId) is not { } lease)
        {
            logger.LogDebug("Instance {InstanceId} is owned by another worker; leaving it to its owner", instanceId);
            return null;
        }

        using var fenced = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
        var cancellationToken = fenced.Token;
        var state = _states.GetOrAdd(instanceId, _ => new InstanceReconcileState());
        if (state.Epoch != lease.Epoch)
        {
            // Owned again after another worker had it: what this worker reported back then tells nothing about now.
            state = new InstanceReconcileState { Epoch = lease.Epoch };
            _states[instanceId] = state;
        }

        state.Lease = lease;
        try
        {
            return await ReconcileOwnedAsync(instanceId, lease, state, cancellationToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && !lease.IsValid && ex is not LeaseLostException)
        {
            // Whatever failed, the lease ran out meanwhile: the pass stops here and its new owner looks again.
            throw new LeaseLostException(instanceId);
        }
        finally
        {
            state.Lease = null;
        }
    }

    private async Task<TimeSpan?> ReconcileOwnedAsync(Guid instanceId, InstanceLease lease, InstanceReconcileState state, CancellationToken cancellationToken)
    {
        DesiredInstance? desired;
        try
        {
            desired = await reader.GetAsync(instanceId, cancellationToken);
        }
        catch (DesiredStateUnreadableException ex)
        {
            await ReportTroubleAsync(instanceId, ex.Generation, state, ex.Reason, ex.Message, immediately: true, cancellationToken);
            throw;
        }

        if (desired is null)
        {
            logger.LogInformation("Instance {InstanceId} has no desired state; nothing to do", instanceId);
            Forget(instanceId);
            return null;
        }

        if (!string.Equals(desired.Region, worker.Value.Region, StringComparison.Ordinal))
        {
            logger.LogWarning("Instance {InstanceId} belongs to region {InstanceRegion}, not {Region}; leaving it alone",
                instanceId, desired.Region, worker.Value.Region);
            return null;
        }

        TimeSpan? next;
        try
        {
            lease.ThrowIfLost();
            next = desired.Deleted
                ? await DeleteAsync(desired, state, cancellationToken)
                : await ConvergeAsync(desired, state, cancellationToken);
        }
        catch (Exception ex) when (lease.IsValid && (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            await ReportTroubleAsync(instanceId, desired.Generation, state, InstanceReconcileFailing.ReconcileFailing,
                ReconcileErrorText.Describe(ex, desired.Credentials), immediately: false, cancellationToken);
            throw;
        }

        await ReportRecoveredAsync(desired, state, cancellationToken);
        return next;
    }

    private async Task ReportTroubleAsync(
        Guid instanceId, long generation, InstanceReconcileState state, string reason, string message, bool immediately, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        state.Failures++;
        state.FailingSince ??= now;
        if ((!immediately && state.Failures < options.Value.ReportFailuresAfter) || state.ReportedTrouble == (reason, message))
        {
            return;
        }

        try
        {
            await publisher.PublishAsync(
                new InstanceReconcileFailing(instanceId, operations.Peek(instanceId, generation), generation, sequencer.Next(state.Lease!), now,
                    reason, message, state.FailingSince.Value, state.Failures),
                cancellationToken);
            state.ReportedTrouble = (reason, message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The pass's own error is what the caller logs and backs off on; this report is tried again on the next failure.
            logger.LogWarning(ex, "Could not report that instance {InstanceId} fails to reconcile", instanceId);
        }
    }

    private async Task ReportRecoveredAsync(DesiredInstance desired, InstanceReconcileState state, CancellationToken cancellationToken)
    {
        if (state.ReportedTrouble is not null)
        {
            await publisher.PublishAsync(
                new InstanceReconcileRecovered(desired.InstanceId, operations.Peek(desired.InstanceId, desired.Generation), desired.Generation,
                    sequencer.Next(state.Lease!), timeProvider.GetUtcNow(), state.FailingSince ?? timeProvider.GetUtcNow()),
                cancellationToken);
            logger.LogInformation("Instance {InstanceId} reconciles again after failing since {FailingSince}", desired.InstanceId, state.FailingSince);
        }

        state.Failures = 0;
        state.FailingSince = null;
        state.ReportedTrouble = null;
    }

    private async Task<TimeSpan?> ConvergeAsync(DesiredInstance desired, InstanceReconcileState state, CancellationToken cancellationToken)
    {
        var result = await driver.ReconcileAsync(desired, cancellationToken);
        var drifted = state.LastPassReady && state.ReadyGeneration == desired.Generation && !result.Ready;
        if (result.PermanentFailure is { } reason)
        {
            if (drifted)
            {
                logger.LogWarning("Instance {InstanceId} was ready at generation {Generation} and now fails", desired.InstanceId, desired.Generation);
            }

            await ReportFailureAsync(desired, state, result.Step, reason, cancellationToken);
            state.LastPassReady = false;
            return null;
        }

        if (result.Ready)
        {
            await ReportReadyAsync(desired, state, result, cancellationToken);
            state.LastPassReady = true;
            TimeSpan? confirm = Recorded(desired, DesiredInstanceStatuses.Available) ? null : options.Value.ReportConfirmInterval;
            // Under the instance's lease, like the rest of the pass: the owner starts a requested backup (off the pass) and
            // asks Patroni for a running switchover.
            backups?.Start(desired, state.Lease!);
            var switchover = switchovers is null ? null : await switchovers.RunAsync(desired, result, cancellationToken);
            var report = archiving is null ? null : await archiving.ReportAsync(desired, state.Lease!, cancellationToken);
            return Sooner(Sooner(confirm, switchover), report);
        }

        if (drifted)
        {
            logger.LogWarning("Instance {InstanceId} drifted from generation {Generation}: {Step} ({Message})",
                desired.InstanceId, desired.Generation, result.Step, result.Message);
            await PublishProgressAsync(desired, state, "drift", result.Message, result, cancellationToken);
        }
        else if (state.ReportedProgress != (desired.Generation, result.Step, result.Message))
        {
            await PublishProgressAsync(desired, state, result.Step, result.Message, result, cancellationToken);
        }

        // Cleared only once the drift is reported, so a failed publish is retried as drift.
        state.LastPassReady = false;
        return result.RequeueAfter ?? options.Value.DefaultRequeue;
    }

    private async Task ReportReadyAsync(DesiredInstance desired, InstanceReconcileState state, ReconcileResult result, CancellationToken cancellationToken)
    {
        var endpoints = result.Endpoints
            ?? throw new InvalidOperationException($"Driver {driver.Name} reported instance {desired.InstanceId} ready without endpoints.");
        var operationId = operations.Peek(desired.InstanceId, desired.Generation);
        var changed = state.ReadyGeneration != desired.Generation || state.ReadyEndpoints != endpoints || !Recorded(desired, DesiredInstanceStatuses.Available);
        var operationWaiting = operationId is not null && operationId != state.ReportedOperationId;
        if (changed || operationWaiting)
        {
            await publisher.PublishAsync(
                new InstanceReady(desired.InstanceId, operationId, desired.Generation, sequencer.Next(state.Lease!),
                    timeProvider.GetUtcNow(), endpoints, result.PrimaryMember),
                cancellationToken);
            logger.LogInformation("Instance {InstanceId} is ready at generation {Generation} (operation {OperationId})",
                desired.InstanceId, desired.Generation, operationId);
            state.ReadyGeneration = desired.Generation;
            state.ReadyEndpoints = endpoints;
            state.ReportedOperationId = operationId ?? state.ReportedOperationId;
        }

        operations.Complete(desired.InstanceId, desired.Generation, operationId);
        state.ReportedProgress = null;
        state.ReportedFailure = null;
        state.Lease?.ThrowIfLost();
        health.Track(desired, result.PatroniEndpoints ?? await driver.GetPatroniEndpointsAsync(desired, cancellationToken),
            result.PrimaryMember is { } primary ? new LeaderSighting(primary, timeProvider.GetUtcNow()) : null);
    }

    private async Task ReportFailureAsync(DesiredInstance desired, InstanceReconcileState state, string step, string reason, CancellationToken cancellationToken)
    {
        var operationId = operations.Peek(desired.InstanceId, desired.Generation);
        var operationWaiting = operationId is not null && operationId != state.ReportedOperationId;
        if (state.ReportedFailure != (desired.Generation, reason) || operationWaiting)
        {
            await publisher.PublishAsync(
                new InstanceFailed(desired.InstanceId, operationId, desired.Generation, sequencer.Next(state.Lease!),
                    timeProvider.GetUtcNow(), reason, $"{step}: {reason}"),
                cancellationToken);
            logger.LogWarning("Instance {InstanceId} failed at generation {Generation} in step {Step}: {Reason}",
                desired.InstanceId, desired.Generation, step, reason);
            state.ReportedFailure = (desired.Generation, reason);
            state.ReportedOperationId = operationId ?? state.ReportedOperationId;
        }

        operations.Complete(desired.InstanceId, desired.Generation, operationId);
        state.ReportedProgress = null;
        state.ReadyGeneration = null;
        state.ReadyEndpoints = null;
    }

    private async Task<TimeSpan?> DeleteAsync(DesiredInstance desired, InstanceReconcileState state, CancellationToken cancellationToken)
    {
        state.LastPassReady = false;
        health.Untrack(desired.InstanceId);
        if (!await driver.DeleteAsync(desired, cancellationToken))
        {
            if (state.ReportedProgress != (desired.Generation, "deleting", "removing the instance"))
            {
                await PublishProgressAsync(desired, state, "deleting", "removing the instance", null, cancellationToken);
            }

            return options.Value.DeleteRequeue;
        }

        var operationId = operations.Peek(desired.InstanceId, desired.Generation);
        var operationWaiting = operationId is not null && operationId != state.ReportedOperationId;
        if (state.DeletedGeneration != desired.Generation || operationWaiting || !Recorded(desired, DesiredInstanceStatuses.Deleted))
        {
            await publisher.PublishAsync(
                new InstanceDeleted(desired.InstanceId, operationId, desired.Generation, sequencer.Next(state.Lease!),
                    timeProvider.GetUtcNow()),
                cancellationToken);
            logger.LogInformation("Instance {InstanceId} deleted (operation {OperationId})", desired.InstanceId, operationId);
            state.DeletedGeneration = desired.Generation;
            state.ReportedOperationId = operationId ?? state.ReportedOperationId;
        }

        operations.Complete(desired.InstanceId, desired.Generation, operationId);
        state.ReadyGeneration = null;
        state.ReadyEndpoints = null;
        return Recorded(desired, DesiredInstanceStatuses.Deleted) ? null : options.Value.ReportConfirmInterval;
    }

    /// <summary>
    /// Whether the control plane's record, as read at the start of this pass, already shows <paramref name="status"/>
    /// at this generation (a bump of the generation moves the status away from available). Unknown counts as shown.
    /// </summary>
    private static bool Recorded(DesiredInstance desired, string status) =>
        desired.RecordedStatus is null || string.Equals(desired.RecordedStatus, status, StringComparison.Ordinal);

    private async Task PublishProgressAsync(
        DesiredInstance desired, InstanceReconcileState state, string step, string message, ReconcileResult? result, CancellationToken cancellationToken)
    {
        await publisher.PublishAsync(
            new InstanceProgressed(desired.InstanceId, operations.Peek(desired.InstanceId, desired.Generation), desired.Generation,
                sequencer.Next(state.Lease!), timeProvider.GetUtcNow(), step, message),
            cancellationToken);
        logger.LogInformation("Instance {InstanceId} at generation {Generation}: {Step} ({Message})",
            desired.InstanceId, desired.Generation, step, message);
        state.ReportedProgress = result is null ? (desired.Generation, step, message) : (desired.Generation, result.Step, result.Message);
    }

    private static TimeSpan? Sooner(TimeSpan? first, TimeSpan? second) =>
        first is null || (second is not null && second < first) ? second : first;

    private void Forget(Guid instanceId)
    {
        archiving?.Forget(instanceId);
        health.Untrack(instanceId);
        operations.Forget(instanceId);
        _states.TryRemove(instanceId, out _);
    }
}
