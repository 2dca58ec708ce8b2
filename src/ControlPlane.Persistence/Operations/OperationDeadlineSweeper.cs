using ControlPlane.Domain.Operations;
using ControlPlane.Persistence.Entities;
using ControlPlane.Persistence.Recording;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Persistence.Operations;

/// <summary>Fails operations still pending or running past their deadline, with a reason the customer can read.</summary>
public sealed class OperationDeadlineSweeper(
    IServiceScopeFactory scopes,
    IOptions<OperationOptions> options,
    OperationMetrics metrics,
    TimeProvider timeProvider,
    ILogger<OperationDeadlineSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Operation deadline sweep failed; will try again");
            }

            await Task.Delay(options.Value.SweepInterval, timeProvider, stoppingToken);
        }
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>();
        var now = timeProvider.GetUtcNow();
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
            if (operation.Type != OperationType.Switchover)
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
