using ControlPlane.Contracts.Events;
using ControlPlane.Domain.Operations;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using ControlPlane.Recording.Operations;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Recording;

/// <summary>
/// Applies the worker's lifecycle reports. Only events newer than the last applied (per-instance sequence) change the
/// record; older or repeated ones are ignored — that, not broker ordering, keeps it right. Events from a worker whose
/// lease on the instance was taken over are refused (<see cref="OwnershipFence"/>).
/// </summary>
public sealed class LifecycleEventsConsumer(ControlPlaneDbContext db, OperationMetrics operationMetrics, TimeProvider timeProvider, ILogger<LifecycleEventsConsumer> logger) :
    IConsumer<InstanceProgressed>,
    IConsumer<InstanceReady>,
    IConsumer<InstanceFailed>,
    IConsumer<InstanceDeleted>,
    IConsumer<InstanceReconcileFailing>,
    IConsumer<InstanceReconcileRecovered>
{
    public Task Consume(ConsumeContext<InstanceProgressed> context) => ApplyAsync(context, context.Message, async (instance, now) =>
    {
        var message = context.Message;
        instance.ObserveProgress(message.ObservedGeneration, message.Message, now);
        foreach (var operation in await ActiveOperationsAsync(instance.Id, message.ObservedGeneration, context.CancellationToken))
        {
            operation.Start(now);
        }

        if (message.Step == "drift")
        {
            db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, "drift", message.Message, message.OccurredAt, now));
        }
    });

    public Task Consume(ConsumeContext<InstanceReady> context) => ApplyAsync(context, context.Message, async (instance, now) =>
    {
        var message = context.Message;
        var before = instance.Status;
        var observed = instance.Observed.Copy();
        observed.PrimaryHost = message.Endpoints.PrimaryHost;
        observed.PrimaryPort = message.Endpoints.PrimaryPort;
        observed.ReadOnlyHost = message.Endpoints.ReadOnlyHost;
        observed.ReadOnlyPort = message.Endpoints.ReadOnlyPort;
        observed.CurrentPrimary = message.PrimaryMember ?? observed.CurrentPrimary;
        instance.MarkReady(message.ObservedGeneration, observed, now);
        foreach (var operation in await ActiveOperationsAsync(instance.Id, message.ObservedGeneration, context.CancellationToken))
        {
            if (operation.Type is not (OperationType.Delete or OperationType.Switchover or OperationType.Backup))
            {
                operation.Succeed(now);
                operationMetrics.Completed(operation);
            }
        }

        if (before != instance.Status)
        {
            db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, "lifecycle",
                $"Status {before.ToString().ToLowerInvariant()} → {instance.Status.ToString().ToLowerInvariant()} (generation {message.ObservedGeneration}).",
                message.OccurredAt, now));
        }
    });

    public Task Consume(ConsumeContext<InstanceFailed> context) => ApplyAsync(context, context.Message, async (instance, now) =>
    {
        var message = context.Message;
        instance.MarkFailed(message.ObservedGeneration, message.Reason, now);
        foreach (var operation in await ActiveOperationsAsync(instance.Id, message.ObservedGeneration, context.CancellationToken))
        {
            // A backup reports its own end (it may still finish from a primary that runs).
            if (operation.Type is not (OperationType.Switchover or OperationType.Backup))
            {
                operation.Fail(message.Reason, message.Message, now);
                operationMetrics.Completed(operation);
            }
        }

        db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, "lifecycle",
            $"Failed: {message.Reason}. {message.Message}", message.OccurredAt, now));
    });

    public Task Consume(ConsumeContext<InstanceDeleted> context) => ApplyAsync(context, context.Message, async (instance, now) =>
    {
        instance.MarkDeleted(now);
        foreach (var operation in await ActiveOperationsAsync(instance.Id, long.MaxValue, context.CancellationToken))
        {
            if (operation.Type == OperationType.Delete)
            {
                operation.Succeed(now);
            }
            else
            {
                operation.Fail("InstanceDeleted", "The instance was deleted before this operation completed.", now);
                await db.FailRunningBackupAsync(operation.Id, "The instance was deleted before this backup completed.", now, context.CancellationToken);
            }

            operationMetrics.Completed(operation);
        }

        db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, "lifecycle", "Deleted.", context.Message.OccurredAt, now));
    });

    /// <summary>
    /// One event when the trouble starts, however often the worker reports it; each report refreshes the condition,
    /// the status reason and the last error of the active operations.
    /// </summary>
    public Task Consume(ConsumeContext<InstanceReconcileFailing> context) => ApplyAsync(context, context.Message, async (instance, now) =>
    {
        var message = context.Message;
        if (instance.ReportReconcileTrouble(message.Reason, message.Message, message.FailingSince, message.Failures, now))
        {
            db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, "reconcile",
                $"Reconciling fails ({message.Reason}), retrying: {message.Message}", message.FailingSince, now));
        }

        foreach (var operation in await ActiveOperationsAsync(instance.Id, long.MaxValue, context.CancellationToken))
        {
            operation.RecordLastError(message.Reason, message.Message, now);
        }
    });

    public Task Consume(ConsumeContext<InstanceReconcileRecovered> context) => ApplyAsync(context, context.Message, async (instance, now) =>
    {
        var message = context.Message;
        if (instance.ClearReconcileTrouble(now))
        {
            db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, "reconcile",
                $"Reconciling succeeds again (it had failed since {message.FailingSince:u}).", message.OccurredAt, now));
        }

        foreach (var operation in await ActiveOperationsAsync(instance.Id, long.MaxValue, context.CancellationToken))
        {
            operation.ClearLastError();
        }
    });

    private async Task ApplyAsync(ConsumeContext context, IInstanceEvent message, Func<Instance, DateTimeOffset, Task> apply)
    {
        var now = timeProvider.GetUtcNow();
        if (await db.AlreadyProcessedAsync(context, nameof(LifecycleEventsConsumer), now))
        {
            return;
        }

        var instance = await db.Instances.SingleOrDefaultAsync(i => i.Id == message.InstanceId, context.CancellationToken);
        if (instance is null)
        {
            logger.LogWarning("Event {EventType} for unknown instance {InstanceId} ignored", message.GetType().Name, message.InstanceId);
            return;
        }

        if (await db.IsFencedAsync(instance, message.Sequence, context.CancellationToken))
        {
            logger.LogWarning("{EventType} for {InstanceId} refused: sent under lease epoch {Epoch}, which a newer owner has replaced",
                message.GetType().Name, message.InstanceId, Domain.Ownership.EventSequence.EpochOf(message.Sequence));
            await db.SaveChangesAsync(context.CancellationToken);
            return;
        }

        if (!instance.TryAdvanceLifecycleSequence(message.Sequence))
        {
            logger.LogDebug("Stale {EventType} for {InstanceId} (sequence {Sequence}) ignored", message.GetType().Name, message.InstanceId, message.Sequence);
            await db.SaveChangesAsync(context.CancellationToken);
            return;
        }

        await apply(instance, now);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    private Task<List<Operation>> ActiveOperationsAsync(Guid instanceId, long upToGeneration, CancellationToken cancellationToken) =>
        db.Operations
            .Where(o => o.InstanceId == instanceId && o.Generation <= upToGeneration
                && (o.Status == OperationStatus.Pending || o.Status == OperationStatus.Running))
            .ToListAsync(cancellationToken);
}
