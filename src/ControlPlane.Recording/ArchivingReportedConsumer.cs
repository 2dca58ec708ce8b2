using ControlPlane.Contracts.Events;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Recording;

/// <summary>
/// Applies the owner's archiving reports: the <c>Archiving</c> condition and the recovery window on the instance, and an
/// event when archiving breaks or is restored. Ordered by the worker's report time, not the lifecycle sequence: a periodic
/// report must neither be dropped behind a lifecycle event nor undo a newer one.
/// </summary>
public sealed class ArchivingReportedConsumer(ControlPlaneDbContext db, TimeProvider timeProvider) : IConsumer<InstanceArchivingReported>
{
    public const string BrokenEvent = "archiving-broken";
    public const string RestoredEvent = "archiving-restored";

    public async Task Consume(ConsumeContext<InstanceArchivingReported> context)
    {
        var message = context.Message;
        var now = timeProvider.GetUtcNow();
        if (await db.AlreadyProcessedAsync(context, nameof(ArchivingReportedConsumer), now))
        {
            return;
        }

        var instance = await db.Instances.SingleOrDefaultAsync(i => i.Id == message.InstanceId, context.CancellationToken);
        if (instance is null || await db.IsFencedAsync(instance, message.Sequence, context.CancellationToken))
        {
            await db.SaveChangesAsync(context.CancellationToken);
            return;
        }

        var window = message is { RecoveryWindowEarliest: { } earliest, RecoveryWindowLatest: { } latest } ? new ObservedRecoveryWindow(earliest, latest) : null;
        if (instance.ReportArchiving(new ObservedArchiving(message.Healthy, message.Reason, message.Message, message.LastArchivedAt, message.OccurredAt), window, now))
        {
            db.InstanceEvents.Add(message.Healthy
                ? InstanceEvent.Create(instance.Id, instance.OrganizationId, RestoredEvent, $"WAL archiving works again: {message.Message}", message.OccurredAt, now)
                : InstanceEvent.Create(instance.Id, instance.OrganizationId, BrokenEvent, $"WAL archiving is broken ({message.Reason}): {message.Message}", message.OccurredAt, now));
        }

        await db.SaveChangesAsync(context.CancellationToken);
    }
}
