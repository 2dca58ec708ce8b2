using ControlPlane.Contracts.Events;
using ControlPlane.Domain.Operations;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using ControlPlane.Recording.Operations;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ControlPlane.Recording;

/// <summary>
/// Records each failover, switchover and restart of the primary once per (instance, new timeline): the event's dedupe key is unique, so a
/// second report (redelivery, another source, another worker) is dropped by the database itself. A report that names a
/// switchover operation completes it even when the change was recorded already (first, say, as a failover).
/// </summary>
public sealed class LeaderChangedConsumer(ControlPlaneDbContext db, OperationMetrics operationMetrics, TimeProvider timeProvider)
    : IConsumer<LeaderChanged>, IConsumer<SwitchoverFailed>
{
    public async Task Consume(ConsumeContext<LeaderChanged> context)
    {
        var message = context.Message;
        var now = timeProvider.GetUtcNow();
        var instance = await db.Instances.SingleOrDefaultAsync(i => i.Id == message.InstanceId, context.CancellationToken);
        if (instance is null || await db.IsFencedAsync(instance, message.Sequence, context.CancellationToken))
        {
            // A worker that lost the instance's lease may have seen the change, but its new owner reports it.
            return;
        }

        var dedupeKey = message.NewTimeline is { } timeline
            ? $"leader:{message.InstanceId}:tl{timeline}"
            : $"leader:{message.InstanceId}:{message.NewPrimary}:{message.NewPrimaryReadyAt.ToUnixTimeSeconds() / 60}";
        if (await db.InstanceEvents.AnyAsync(e => e.DedupeKey == dedupeKey, context.CancellationToken))
        {
            // Recorded already, perhaps by a worker that did not know of the switchover: the operation still completes.
            if (await CompleteSwitchoverAsync(message.OperationId, now, context.CancellationToken))
            {
                await db.SaveChangesAsync(context.CancellationToken);
            }

            return;
        }

        var details = new LeaderChangeDetails(
            message.OldPrimary, message.NewPrimary, message.NewTimeline, message.PrimaryLostAt, message.NewPrimaryReadyAt,
            message.Downtime?.TotalSeconds, message.LastSeenLagBytes, message.PromotedWasSynchronous, message.OperationId, message.Source);
        var downtime = message.Downtime is { } d ? $" after {d.TotalSeconds:0.0} s." : ".";
        var text = message.Kind switch
        {
            LeaderChanged.Switchover => $"Switchover from {message.OldPrimary ?? "unknown"} to {message.NewPrimary}.",
            LeaderChanged.Restart => $"Restart: the primary {message.NewPrimary} crashed and led again on timeline {message.NewTimeline}{downtime}",
            _ => $"Failover: {message.OldPrimary ?? "the primary"} was lost, {message.NewPrimary} promoted{downtime}",
        };
        db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, message.Kind, text, message.OccurredAt, now, dedupeKey, details));

        var observed = instance.Observed.Copy();
        observed.CurrentPrimary = message.NewPrimary;
        instance.ReportHealth(instance.Health, instance.HealthReason, observed, now);

        await CompleteSwitchoverAsync(message.OperationId, now, context.CancellationToken);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && message.OperationId is null)
        {
            // Another consumer recorded the same change a moment earlier. (With an operation the retry completes it.)
        }
    }

    private async Task<bool> CompleteSwitchoverAsync(Guid? operationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (operationId is not { } id)
        {
            return false;
        }

        var operation = await db.Operations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (operation is not { IsActive: true })
        {
            return false;
        }

        operation.Succeed(now);
        operationMetrics.Completed(operation);
        return true;
    }

    public async Task Consume(ConsumeContext<SwitchoverFailed> context)
    {
        var message = context.Message;
        var now = timeProvider.GetUtcNow();
        var operation = await db.Operations.SingleOrDefaultAsync(o => o.Id == message.OperationId, context.CancellationToken);
        if (operation is not { IsActive: true } || operation.Type != OperationType.Switchover)
        {
            return;
        }

        operation.Fail("SwitchoverRejected", message.Reason, now);
        operationMetrics.Completed(operation);
        db.InstanceEvents.Add(InstanceEvent.Create(operation.InstanceId, operation.OrganizationId, "switchover-failed",
            $"Switchover not carried out: {message.Reason}", message.OccurredAt, now));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
