using System.Diagnostics;
using ControlPlane.Api.Audit;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Quotas;
using ControlPlane.Contracts.Commands;
using ControlPlane.Domain.Operations;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using ControlPlane.Persistence.Operations;
using ControlPlane.Persistence.Outbox;
using ControlPlane.Persistence.Recording;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Instances;

/// <summary>
/// Every accepted change is one transaction: the instance (with its bumped generation), the operation, the outbox row
/// with the command, and the audit entry. The dispatchers (this process's and the other API processes') are woken after the commit.
/// </summary>
public sealed class InstanceChanges(
    ControlPlaneDbContext db,
    OutboxWriter outbox,
    OutboxSignal signal,
    AuditLog audit,
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

    public Operation Record(Caller caller, Instance instance, OperationType type, string action, object? detail, string? targetMember = null, string? fromMember = null)
    {
        var now = timeProvider.GetUtcNow();
        var operation = Operation.Create(instance.Id, instance.OrganizationId, type, instance.Generation, now,
            operationOptions.Value.DeadlineFor(type), targetMember, fromMember);
        db.Operations.Add(operation);
        if (type == OperationType.Switchover)
        {
            outbox.Send(instance.Region, new RequestSwitchover(instance.Id, instance.OrganizationId, instance.Region, operation.Id, targetMember, now));
        }
        else
        {
            outbox.Send(instance.Region, new ReconcileInstance(instance.Id, instance.OrganizationId, instance.Region,
                instance.Generation, operation.Id, EnumValues.Word(type), now));
        }

        audit.Record(caller, action, instance.OrganizationId, instance.Id, detail);
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
    /// Saves the change, then lets the organisation's quota decide before the commit (<see cref="OrganizationQuotas.EnforceAsync"/>):
    /// null when committed, else the refusal, with nothing kept.
    /// </summary>
    public async Task<ProblemHttpResult?> CommitWithinQuotaAsync(Guid organizationId, QuotaDemand demand, CancellationToken cancellationToken)
    {
        if (!demand.IsGrowth)
        {
            await CommitAsync(cancellationToken);
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            if (await quotas.EnforceAsync(organizationId, demand, cancellationToken) is { } refusal)
            {
                await transaction.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return refusal;
            }

            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        catch
        {
            // The caller may go on reading (a unique violation replays an idempotent answer): not in an aborted transaction.
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }
        finally
        {
            signal.Committed();
        }
    }
}
