using System.Collections.Concurrent;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Messaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Switchovers;

/// <summary>
/// The switchover step of the owner's reconcile pass (which runs under the instance's lease). Asks Patroni once for the
/// switchover operation the view shows running, naming the leader it was asked of. Success is reported by the failover
/// detector when it sees the new leader; a refusal, or a Patroni that stays unreachable, is reported here as
/// <see cref="SwitchoverFailed"/>.
/// </summary>
public sealed class SwitchoverExecutor(
    IInstanceDriver driver,
    IExpectedSwitchovers expectedSwitchovers,
    HandledSwitchovers handled,
    IInstanceEventPublisher publisher,
    IEventSequencer sequencer,
    IOptions<WorkerMessagingOptions> options,
    TimeProvider timeProvider,
    ILogger<SwitchoverExecutor> logger)
{
    private readonly ConcurrentDictionary<Guid, int> _transientFailures = new();

    /// <summary>Returns when the pass should look again (after a transient failure), or null.</summary>
    public async Task<TimeSpan?> RunAsync(DesiredInstance desired, ReconcileResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(result);
        if (desired.Switchover is not { } switchover)
        {
            return null;
        }

        var step = SwitchoverDecision.Decide(desired, result.Ready, result.PrimaryMember, handled.Contains(switchover.OperationId));
        switch (step)
        {
            case SwitchoverStep.Refuse when handled.TryBegin(switchover.OperationId):
                await FailAsync(desired, switchover, SwitchoverDecision.RefusalReason(desired), cancellationToken);
                return null;
            case SwitchoverStep.LeaderMoved:
                // The detector records the change (from this leader: see SwitchoverBaseline) and so completes the operation.
                logger.LogInformation("Switchover operation {OperationId} of {InstanceId} was asked of {Leader}, and {Current} leads now; not asking again",
                    switchover.OperationId, desired.InstanceId, switchover.Leader, result.PrimaryMember);
                return null;
            case SwitchoverStep.Ask when handled.TryBegin(switchover.OperationId):
                return await AskAsync(desired, switchover, cancellationToken);
            default:
                return null;
        }
    }

    private async Task<TimeSpan?> AskAsync(DesiredInstance desired, PendingSwitchover switchover, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        expectedSwitchovers.Expect(desired.InstanceId, switchover.OperationId, switchover.TargetMember,
            timeProvider.GetUtcNow() + settings.SwitchoverExpectation, switchover.Leader);
        SwitchoverOutcome outcome;
        try
        {
            outcome = await driver.SwitchoverAsync(desired, switchover.TargetMember, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            outcome = new SwitchoverOutcome(false, ex.Message, Transient: true);
        }

        if (outcome.Succeeded || outcome.LeaderMoved)
        {
            _transientFailures.TryRemove(switchover.OperationId, out _);
            logger.LogInformation("Switchover of {InstanceId} from {Leader} to {TargetMember} (operation {OperationId}): {Message}",
                desired.InstanceId, switchover.Leader ?? "the leader", switchover.TargetMember ?? "any member", switchover.OperationId, outcome.Message);
            return null;
        }

        if (outcome.Rejected)
        {
            _transientFailures.TryRemove(switchover.OperationId, out _);
            await FailAsync(desired, switchover, outcome.Message, cancellationToken);
            return null;
        }

        // Patroni may yet act on this request, so the expectation stays; the next pass asks again (guarded by the leader).
        var failures = _transientFailures.AddOrUpdate(switchover.OperationId, 1, (_, n) => n + 1);
        if (failures > settings.RetryLimit)
        {
            _transientFailures.TryRemove(switchover.OperationId, out _);
            await FailAsync(desired, switchover, $"Patroni could not be reached: {outcome.Message}", cancellationToken);
            return null;
        }

        handled.Release(switchover.OperationId);
        logger.LogWarning("Switchover of {InstanceId} not possible yet (operation {OperationId}, attempt {Attempt}): {Message}",
            desired.InstanceId, switchover.OperationId, failures, outcome.Message);
        var delay = settings.RetryMinInterval * Math.Pow(2, failures - 1);
        return delay < settings.RetryMaxInterval ? delay : settings.RetryMaxInterval;
    }

    private async Task FailAsync(DesiredInstance desired, PendingSwitchover switchover, string reason, CancellationToken cancellationToken)
    {
        // Nothing will change leader now, so a leader change in the next minutes must not be taken for this request.
        expectedSwitchovers.Cancel(desired.InstanceId, switchover.OperationId);
        logger.LogWarning("Switchover of instance {InstanceId} failed (operation {OperationId}): {Reason}",
            desired.InstanceId, switchover.OperationId, reason);
        await publisher.PublishAsync(
            new SwitchoverFailed(desired.InstanceId, switchover.OperationId, desired.Generation, sequencer.Next(desired.InstanceId),
                timeProvider.GetUtcNow(), reason),
            cancellationToken);
    }
}
