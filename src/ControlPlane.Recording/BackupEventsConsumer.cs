using ControlPlane.Contracts.Events;
using ControlPlane.Domain;
using ControlPlane.Domain.Backups;
using ControlPlane.Domain.Operations;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using ControlPlane.Recording.Operations;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Recording;

/// <summary>
/// Records how a backup ended: the backup row the request wrote (or a new one for a backup nobody asked through the
/// API), its operation completed or failed with the engine's error, and an instance event. Not ordered by the lifecycle
/// sequence: a backup ends whenever it ends, and its row and operation change only while they run, so a repeat or a
/// late report changes nothing. Reports of a worker whose lease was taken over are refused (<see cref="OwnershipFence"/>).
/// </summary>
public sealed class BackupEventsConsumer(ControlPlaneDbContext db, OperationMetrics operationMetrics, TimeProvider timeProvider, ILogger<BackupEventsConsumer> logger)
    : IConsumer<BackupCompleted>, IConsumer<BackupFailed>
{
    public const string CompletedEvent = "backup-completed";
    public const string FailedEvent = "backup-failed";

    public Task Consume(ConsumeContext<BackupCompleted> context) => ApplyAsync(context, context.Message, async (instance, now) =>
    {
        var message = context.Message;
        var kind = EnumWords.TryParse(message.Kind, out BackupKind parsed) ? parsed : BackupKind.Full;
        var backup = await FindAsync(instance, message.OperationId, message.BackupId, kind, now, context.CancellationToken);
        var withErrors = message.Status == EnumWords.Word(BackupStatus.CompletedWithErrors);
        var recorded = backup.Complete(new BackupOutcome(message.Engine, message.BackupId, kind, withErrors, message.StartedAt, message.FinishedAt,
            message.WalStart, message.WalStop, message.LsnStart, message.LsnStop, message.SizeBytes, message.RepositorySizeBytes, message.Error), now);
        if (await ActiveOperationAsync(message.OperationId, context.CancellationToken) is { } operation)
        {
            operation.Succeed(now);
            operationMetrics.Completed(operation);
        }

        if (!recorded)
        {
            return;
        }

        var size = message.SizeBytes is { } bytes ? $", {bytes} bytes" : "";
        var damage = withErrors ? $", with errors: {message.Error}" : "";
        db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, CompletedEvent,
            $"Backup {message.BackupId} ({message.Kind}) completed{size}{damage}.", message.OccurredAt, now));
    });

    public Task Consume(ConsumeContext<BackupFailed> context) => ApplyAsync(context, context.Message, async (instance, now) =>
    {
        var message = context.Message;
        var recorded = message.OperationId is not { } operationId
            || await db.Backups.SingleOrDefaultAsync(b => b.OperationId == operationId, context.CancellationToken) is not { } backup
            || backup.Fail(message.Reason, message.StartedAt, now);
        if (await ActiveOperationAsync(message.OperationId, context.CancellationToken) is { } operation)
        {
            operation.Fail("BackupFailed", message.Reason, now);
            operationMetrics.Completed(operation);
        }

        if (!recorded)
        {
            return;
        }

        db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, FailedEvent,
            $"Backup ({message.Kind}) failed: {message.Reason}", message.OccurredAt, now));
    });

    private async Task ApplyAsync(ConsumeContext context, IInstanceEvent message, Func<Instance, DateTimeOffset, Task> apply)
    {
        var now = timeProvider.GetUtcNow();
        if (await db.AlreadyProcessedAsync(context, nameof(BackupEventsConsumer), now))
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
            logger.LogWarning("{EventType} for {InstanceId} refused: sent under a lease epoch a newer owner has replaced", message.GetType().Name, message.InstanceId);
            await db.SaveChangesAsync(context.CancellationToken);
            return;
        }

        await apply(instance, now);
        await db.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The row the request wrote, the row already recorded for this engine backup, or a new one (a backup the API did not ask for).</summary>
    private async Task<Backup> FindAsync(Instance instance, Guid? operationId, string engineId, BackupKind kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var backup = operationId is { } id
            ? await db.Backups.SingleOrDefaultAsync(b => b.OperationId == id, cancellationToken)
            : await db.Backups.SingleOrDefaultAsync(b => b.InstanceId == instance.Id && b.EngineId == engineId, cancellationToken);
        if (backup is null)
        {
            backup = Backup.Request(instance.Id, instance.OrganizationId, operationId, kind, now);
            db.Backups.Add(backup);
        }

        return backup;
    }

    private async Task<Operation?> ActiveOperationAsync(Guid? operationId, CancellationToken cancellationToken) =>
        operationId is { } id && await db.Operations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken) is { IsActive: true, Type: OperationType.Backup } operation
            ? operation
            : null;
}
