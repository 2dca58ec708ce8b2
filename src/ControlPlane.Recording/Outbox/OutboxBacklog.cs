using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Recording.Outbox;

/// <summary>
/// Refreshes the backlog gauges on a timer of their own: counting unsent rows after every dispatch round cost a query
/// per round and delayed the next one.
/// </summary>
public sealed class OutboxBacklog(
    OutboxDataSource database,
    OutboxMetrics metrics,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxBacklog> logger) : PeriodicWork(timeProvider, logger)
{
    protected override TimeSpan Interval => options.Value.BacklogRefreshInterval;

    protected override string FailureMessage => "Outbox backlog not refreshed";

    // The gauges only lag until the next refresh; the dispatcher's own failures are the ones worth a warning.
    protected override LogLevel FailureLevel => LogLevel.Debug;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => RefreshAsync(cancellationToken);

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var query = database.DataSource.CreateCommand(
            "select count(*), min(created_at) from outbox_messages where sent_at is null");
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt64(0);
        var age = await reader.IsDBNullAsync(1, cancellationToken) ? TimeSpan.Zero : Clock.GetUtcNow() - reader.GetFieldValue<DateTimeOffset>(1);
        metrics.SetBacklog(count, age);
    }
}
