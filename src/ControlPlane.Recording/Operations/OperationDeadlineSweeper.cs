using ControlPlane.Domain.Operations;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Recording.Operations;

/// <summary>Fails operations still pending or running past their deadline, with a reason the customer can read.</summary>
public sealed class OperationDeadlineSweeper(
    IServiceScopeFactory scopes,
    IOptions<OperationOptions> options,
    OperationMetrics metrics,
    TimeProvider timeProvider,
    ILogger<OperationDeadlineSweeper> logger) : PeriodicWork(timeProvider, logger)
{
    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override string FailureMessage => "Operation deadline sweep failed";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>();
        var now = Clock.GetUtcNow();
        var expired = await db.Operations
            .Where(o => (o.Status == OperationStatus.Pending || o.Status == OperationStatus.Running) && o.Deadline < now)
            .OrderBy(o => o.Deadline)
            .Take(100)
            .ToListAsync(cancellationToken);
        foreach (var operation in expired)
        {
            var detail = $"The {operation.Type.ToString().ToLowerInvariant()} operation did not complete by its deadline {operation.Deadline:O}.";
            operation.Fail("DeadlineExceeded", detail, now);
            metrics.Completed(operation);
            var instance = await db.Instances.SingleAsync(i => i.Id == operation.InstanceId, cancellationToken);
            if (operation.Type == OperationType.Backup)
            {
                // A backup that never reported leaves the instance as it was; only the backup failed.
                await db.FailRunningBackupAsync(operation.Id, detail, now, cancellationToken);
            }
            else if (operation.Type != OperationType.Switchover)
            {
                instance.MarkFailed(instance.Generation, detail, now);
            }

            db.InstanceEvents.Add(InstanceEvent.Create(instance.Id, instance.OrganizationId, "lifecycle", detail, now, now));
            logger.LogWarning("Operation {OperationId} on {InstanceId} passed its deadline", operation.Id, operation.InstanceId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return expired.Count;
    }
}
