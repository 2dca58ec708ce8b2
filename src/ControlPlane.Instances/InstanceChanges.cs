using System.Diagnostics;
using System.Text.Json;
using ControlPlane.Contracts.Commands;
using ControlPlane.Domain;
using ControlPlane.Domain.Backups;
using ControlPlane.Domain.Operations;
using ControlPlane.Instances.Quotas;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using ControlPlane.Persistence.Outbox;
using ControlPlane.Recording.Operations;
using ControlPlane.Recording.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ControlPlane.Instances;

/// <summary>
/// Every accepted change is one transaction: the instance (with its bumped generation), the operation, the outbox row
/// with the command, and the audit entry. The dispatchers (this process's and the other API processes') are woken after the commit.
/// </summary>
public sealed class InstanceChanges(
    ControlPlaneDbContext db,
    OutboxWriter outbox,
    OutboxSignal signal,
    OperationMetrics metrics,
    OrganizationQuotas quotas,
    IOptions<OperationOptions> operationOptions,
    TimeProvider timeProvider)
{
    public Task<Operation?> ActiveOperationAsync(Guid instanceId, CancellationToken cancellationToken) =>
        db.Operations
            .Where(o => o.InstanceId == instanceId && (o.Status == OperationStatus.Pending || o.Status == OperationStatus.Running))
            .OrderByDescending(o => o.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    public Operation Record(Actor actor, Instance instance, OperationType type, string action, object? detail, string? targetMember = null, string? fromMember = null)
    {
        var now = timeProvider.GetUtcNow();
        var operation = Begin(actor, instance, type, action, detail, now, targetMember, fromMember);
        if (type == OperationType.Switchover)
        {
            outbox.Send(instance.Region, new RequestSwitchover(instance.Id, instance.OrganizationId, instance.Region, operation.Id, targetMember, now));
        }
        else
        {
            outbox.Send(instance.Region, new ReconcileInstance(instance.Id, instance.OrganizationId, instance.Region,
                instance.Generation, operation.Id, EnumWords.Word(type), now));
        }

        return operation;
    }

    /// <summary>An on-demand backup: the operation, the backup recorded running (its kind is what the owner reads), the command.</summary>
    public Operation RecordBackup(Actor actor, Instance instance, BackupKind kind)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var now = timeProvider.GetUtcNow();
        var operation = Begin(actor, instance, OperationType.Backup, "instance.backup", new { kind = EnumWords.Word(kind) }, now);
        db.Backups.Add(Backup.Request(instance.Id, instance.OrganizationId, operation.Id, kind, now));
        outbox.Send(instance.Region, new RequestBackup(instance.Id, instance.OrganizationId, instance.Region, operation.Id, EnumWords.Word(kind), now));
        return operation;
    }

    private Operation Begin(
        Actor actor, Instance instance, OperationType type, string action, object? detail, DateTimeOffset now, string? targetMember = null, string? fromMember = null)
    {
        var operation = Operation.Create(instance.Id, instance.OrganizationId, type, instance.Generation, now,
            operationOptions.Value.DeadlineFor(type), targetMember, fromMember);
        db.Operations.Add(operation);
        db.AuditLog.Add(AuditEntry.Create(now, actor.KeyId, actor.RoleName, actor.KeyName, instance.OrganizationId, instance.Id, action,
            detail is null ? "" : JsonSerializer.Serialize(detail, JsonSerializerOptions.Web)));
        metrics.Accepted(operation);
        Activity.Current?.SetTag("controlplane.instance.id", instance.Id);
        Activity.Current?.SetTag("controlplane.operation.id", operation.Id);
        return operation;
    }

    /// <summary>Saves the change and commits it.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            // Also when the save threw: a commit whose answer was lost (the request cancelled while COMMIT was in
            // flight) may still have committed. A needless round finds nothing.
            signal.Committed();
        }
    }

    /// <summary>
    /// Reserves the change's share of the organisation's quota (<see cref="OrganizationQuotas.ReserveAsync"/>), then
    /// saves and commits it: null when committed, else the refusal, with nothing kept.
    /// </summary>
    public async Task<Refusal.QuotaExceeded?> CommitWithinQuotaAsync(Guid organizationId, QuotaDemand demand, CancellationToken cancellationToken)
    {
        if (!demand.IsGrowth)
        {
            await CommitAsync(cancellationToken);
            return null;
        }

        var (reservation, refusal) = await quotas.ReserveAsync(organizationId, demand, cancellationToken);
        if (refusal is not null)
        {
            db.ChangeTracker.Clear();
            return refusal;
        }

        try
        {
            await CommitAsync(cancellationToken);
            return null;
        }
        finally
        {
            await quotas.ReleaseAsync(reservation!.Value);
        }
    }
}
