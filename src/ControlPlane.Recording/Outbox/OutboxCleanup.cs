using ControlPlane.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Recording.Outbox;

/// <summary>Removes sent outbox rows and expired idempotency records, so neither table grows without bound.</summary>
public sealed class OutboxCleanup(IServiceScopeFactory scopes, IOptions<OutboxOptions> options, TimeProvider timeProvider, ILogger<OutboxCleanup> logger)
    : PeriodicWork(timeProvider, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(10);

    protected override string FailureMessage => "Outbox cleanup failed";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>();
        var now = Clock.GetUtcNow();
        var sentBefore = now - options.Value.RetainSent;
        var idempotentBefore = now - TimeSpan.FromHours(24);
        await db.Database.ExecuteSqlInterpolatedAsync($"delete from outbox_messages where sent_at < {sentBefore}", cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"delete from idempotency_records where created_at < {idempotentBefore}", cancellationToken);
    }
}
