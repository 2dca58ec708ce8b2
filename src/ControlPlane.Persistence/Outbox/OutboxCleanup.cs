using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Persistence.Outbox;

/// <summary>Removes sent outbox rows and expired idempotency records, so neither table grows without bound.</summary>
public sealed class OutboxCleanup(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider timeProvider, ILogger<OutboxCleanup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>();
                var now = timeProvider.GetUtcNow();
                var sentBefore = now - options.Value.RetainSent;
                var idempotentBefore = now - TimeSpan.FromHours(24);
                await db.Database.ExecuteSqlInterpolatedAsync($"delete from outbox_messages where sent_at < {sentBefore}", stoppingToken);
                await db.Database.ExecuteSqlInterpolatedAsync($"delete from idempotency_records where created_at < {idempotentBefore}", stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Outbox cleanup failed; will try again");
            }

            await Task.Delay(TimeSpan.FromMinutes(10), timeProvider, stoppingToken);
        }
    }
}
