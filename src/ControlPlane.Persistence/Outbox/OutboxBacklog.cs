using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Persistence.Outbox;

/// <summary>
/// Refreshes the backlog gauges on a timer of their own: counting unsent rows after every dispatch round cost a query
/// per round and delayed the next one.
/// </summary>
public sealed class OutboxBacklog(
    OutboxDataSource database,
    OutboxMetrics metrics,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxBacklog> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(ex, "Outbox backlog not refreshed; will try again");
            }

            await Task.Delay(options.Value.BacklogRefreshInterval, timeProvider, stoppingToken);
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var query = database.DataSource.CreateCommand(
            "select count(*), min(created_at) from outbox_messages where sent_at is null");
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt64(0);
        var age = await reader.IsDBNullAsync(1, cancellationToken) ? TimeSpan.Zero : timeProvider.GetUtcNow() - reader.GetFieldValue<DateTimeOffset>(1);
        metrics.SetBacklog(count, age);
    }
}
