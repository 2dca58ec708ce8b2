using ControlPlane.Contracts.Commands;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Messaging;
using ControlPlane.Provisioning.Ownership;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Consumers;

/// <summary>
/// Asks Patroni for a planned switchover. Success is reported by the failover detector when it sees the new leader
/// (as a LeaderChanged of kind switchover, thanks to the expectation registered first); a refusal or a hopeless
/// request is reported here as SwitchoverFailed.
/// </summary>
public sealed class RequestSwitchoverConsumer(
    IDesiredStateReader reader,
    IInstanceDriver driver,
    IExpectedSwitchovers expectedSwitchovers,
    HandledSwitchovers handled,
    IInstanceEventPublisher publisher,
    IEventSequencer sequencer,
    IInstanceOwnership ownership,
    OwnerWakeups wakeups,
    IOptions<WorkerMessagingOptions> options,
    TimeProvider timeProvider,
    ILogger<RequestSwitchoverConsumer> logger) : IConsumer<RequestSwitchover>
{
    public async Task Consume(ConsumeContext<RequestSwitchover> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;
        if (ownership.TryGet(command.InstanceId) is null)
        {
            // Only the owner acts on an instance: another worker consumed the command from the region queue, so it wakes
            // the owner's reconcile pass instead of acting itself.
            var route = await wakeups.WakeAsync(new OwnerWakeup(command.InstanceId, "switchover", OperationId: command.OperationId,
                RequestedAt: command.RequestedAt), cancellationToken);
            logger.LogInformation("Switchover of instance {InstanceId} (operation {OperationId}) is for its owner: {Route}",
                command.InstanceId, command.OperationId, route);
            if (route == WakeupRoute.NoOwner)
            {
                // Between owners (a takeover, a start): retried, so the request is not lost before someone owns the instance.
                throw new SwitchoverUnavailableException($"No worker owns instance {command.InstanceId} right now.");
            }

            return;
        }

        var desired = await reader.GetAsync(command.InstanceId, cancellationToken);
        if (desired is null or { Deleted: true })
        {
            await FailAsync(command, 0, "The instance does not exist or is being deleted.", cancellationToken);
            return;
        }

        if (!desired.Spec.HighAvailability.Enabled || desired.Spec.HighAvailability.Replicas < 1)
        {
            await FailAsync(command, desired.Generation, "A switchover needs high availability: the instance has no replica.", cancellationToken);
            return;
        }

        if (!handled.TryBegin(command.OperationId))
        {
            logger.LogInformation("Switchover operation {OperationId} of instance {InstanceId} was already handled; ignoring the duplicate",
                command.OperationId, command.InstanceId);
            return;
        }

        var now = timeProvider.GetUtcNow();
        expectedSwitchovers.Expect(command.InstanceId, command.OperationId, command.TargetMember, now + options.Value.SwitchoverExpectation);
        SwitchoverOutcome outcome;
        try
        {
            outcome = await driver.SwitchoverAsync(desired, command.TargetMember, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            handled.Release(command.OperationId);
            await GiveUpOnLastAttemptAsync(context, desired.Generation, ex.Message, cancellationToken);
            throw;
        }

        if (outcome.Succeeded)
        {
            logger.LogInformation("Switchover of instance {InstanceId} to {TargetMember} accepted by Patroni (operation {OperationId})",
                command.InstanceId, command.TargetMember ?? "any member", command.OperationId);
            return;
        }

        if (outcome.Rejected)
        {
            await FailAsync(command, desired.Generation, outcome.Message, cancellationToken);
            return;
        }

        handled.Release(command.OperationId);
        await GiveUpOnLastAttemptAsync(context, desired.Generation, outcome.Message, cancellationToken);
        throw new SwitchoverUnavailableException($"Switchover of instance {command.InstanceId} not possible yet: {outcome.Message}");
    }

    /// <summary>
    /// Before the last retry fails for good, complete the operation as failed; the message still goes on to the
    /// _error queue. Retries in between keep the expectation, since Patroni may yet act on an earlier request.
    /// </summary>
    private async Task GiveUpOnLastAttemptAsync(ConsumeContext<RequestSwitchover> context, long generation, string reason, CancellationToken cancellationToken)
    {
        if (context.GetRetryAttempt() >= options.Value.RetryLimit)
        {
            await FailAsync(context.Message, generation, $"Patroni could not be reached: {reason}", cancellationToken);
        }
    }

    private async Task FailAsync(RequestSwitchover command, long generation, string reason, CancellationToken cancellationToken)
    {
        // Nothing will change leader now, so a leader change in the next minutes must not be taken for this request.
        expectedSwitchovers.Cancel(command.InstanceId, command.OperationId);
        logger.LogWarning("Switchover of instance {InstanceId} failed (operation {OperationId}): {Reason}",
            command.InstanceId, command.OperationId, reason);
        await publisher.PublishAsync(
            new SwitchoverFailed(command.InstanceId, command.OperationId, generation, sequencer.Next(command.InstanceId),
                timeProvider.GetUtcNow(), reason),
            cancellationToken);
    }
}
