using ControlPlane.Contracts.Events;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Recording;

/// <summary>Records member health. Health is its own stream: it never changes the lifecycle status or the ETag.</summary>
public sealed class HealthReportedConsumer(ControlPlaneDbContext db, TimeProvider timeProvider, ILogger<HealthReportedConsumer> logger)
    : IConsumer<InstanceHealthReported>
{
    public async Task Consume(ConsumeContext<InstanceHealthReported> context)
    {
        var message = context.Message;
        var now = timeProvider.GetUtcNow();
        var instance = await db.Instances.SingleOrDefaultAsync(i => i.Id == message.InstanceId, context.CancellationToken);
        if (instance is null || instance.Status == Domain.Instances.InstanceStatus.Deleted)
        {
            logger.LogDebug("Health report for unknown or deleted instance {InstanceId} ignored", message.InstanceId);
            return;
        }

        if (await db.IsFencedAsync(instance, message.Sequence, context.CancellationToken))
        {
            logger.LogWarning("Health report for {InstanceId} refused: sent under a lease epoch a newer owner has replaced", message.InstanceId);
            return;
        }

        if (!instance.TryAdvanceHealthSequence(message.Sequence))
        {
            return;
        }

        var before = instance.Health;
        var observed = instance.Observed.Copy();
        observed.Members = [.. message.Members.Select(m => new ObservedMember(
            m.Name, m.Host, m.Port, MemberRoles.ToApi(m.Role), m.State, m.LagBytes, m.Timeline, m.Synchronous))];
        observed.CurrentPrimary = message.PrimaryMember;
        observed.SynchronouslyDurable = message.SynchronouslyDurable;
        observed.HealthReportedAt = message.OccurredAt;
        var (code, reason) = SplitReason(message.Reason);
        instance.ReportHealth(message.Health, reason, observed, now, code);

        if (before != message.Health)
        {
            db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, "health",
                $"Health {before} → {message.Health}: {reason}", message.OccurredAt, now));
        }

        await db.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>The worker reports "Code: message" (e.g. "FailingOver: no member holds the leader lock"); either part may be absent.</summary>
    public static (string Code, string Message) SplitReason(string reason)
    {
        var colon = reason.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0 && !reason[..colon].Contains(' ', StringComparison.Ordinal))
        {
            return (reason[..colon], reason[(colon + 2)..]);
        }

        return (reason.Contains(' ', StringComparison.Ordinal) ? "" : reason, reason);
    }
}
