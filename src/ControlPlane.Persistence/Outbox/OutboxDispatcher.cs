using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Persistence.Outbox;

/// <summary>
/// Sends outbox rows to RabbitMQ and marks them sent. Several API processes may run this at once: rows are claimed
/// with FOR UPDATE SKIP LOCKED inside a transaction that lasts until they are marked, so each goes out once.
/// (A crash between the broker's acknowledgement and the commit sends it again; consumers deduplicate by message id.)
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    OutboxMetrics metrics,
    OutboxMessageTypes messageTypes,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public static readonly ActivitySource ActivitySource = new("ControlPlane.Outbox");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await DispatchBatchAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failures++;
                sent = 0;
                logger.LogWarning(ex, "Outbox dispatch failed ({Failures} in a row); rows stay queued", failures);
            }

            if (sent >= options.Value.BatchSize)
            {
                continue;
            }

            // Back off while the broker is unreachable; otherwise wait for a commit or the poll interval.
            var wait = failures == 0
                ? options.Value.PollInterval
                : TimeSpan.FromMilliseconds(Math.Min(5000, 250 * Math.Pow(2, Math.Min(failures, 5))));
            await signal.WaitAsync(wait, timeProvider, stoppingToken);
        }
    }

    /// <summary>One round: claim up to a batch of unsent rows, send them, mark what was sent.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ControlPlaneDbContext>();
        var sendEndpoints = scope.ServiceProvider.GetRequiredService<ISendEndpointProvider>();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var batch = await db.OutboxMessages
            .FromSqlInterpolated($"""
                select * from outbox_messages
                where sent_at is null
                order by created_at
                limit {options.Value.BatchSize}
                for update skip locked
                """)
            .ToListAsync(cancellationToken);

        // Send the batch concurrently (the broker confirms each publish; one at a time capped throughput at about
        // 100/s here) and mark the outcome with two statements, not one per row. Commands are level-triggered
        // nudges, so their order on the queue does not matter.
        var outcomes = await Task.WhenAll(batch.Select(row => TrySendAsync(sendEndpoints, row, cancellationToken)));
        var now = timeProvider.GetUtcNow();
        var sentIds = batch.Where((_, i) => outcomes[i] is null).Select(r => r.Id).ToArray();
        if (sentIds.Length > 0)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"update outbox_messages set sent_at = {now}, attempts = attempts + 1, last_error = null where id = any({sentIds})",
                cancellationToken);
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (outcomes[i] is { } error)
            {
                metrics.Failures.Add(1);
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"update outbox_messages set attempts = attempts + 1, last_error = {error} where id = {batch[i].Id}",
                    cancellationToken);
                logger.LogWarning("Outbox row {OutboxId} ({MessageType}) not sent: {Error}", batch[i].Id, batch[i].MessageType, error);
            }
            else
            {
                metrics.Sent.Add(1);
                metrics.HandOff.Record((now - batch[i].CreatedAt).TotalSeconds);
            }
        }

        var sent = sentIds.Length;
        if (batch.Count > 0 && sent == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            throw new InvalidOperationException($"No outbox row of {batch.Count} could be sent; the broker looks unreachable.");
        }

        await transaction.CommitAsync(cancellationToken);
        await RefreshBacklogAsync(db, cancellationToken);
        return sent;
    }

    /// <summary>Sends one row; null when the broker took it, else the reason it did not.</summary>
    private async Task<string?> TrySendAsync(ISendEndpointProvider sendEndpoints, OutboxMessage row, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(sendEndpoints, row, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private async Task SendAsync(ISendEndpointProvider sendEndpoints, OutboxMessage row, CancellationToken cancellationToken)
    {
        var type = messageTypes.Resolve(row.MessageType);
        var message = JsonSerializer.Deserialize(row.Body, type, OutboxWriter.Json)
            ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty body.");

        // Continue the trace of the request that wrote the row.
        using var activity = ActivitySource.StartActivity("outbox send", ActivityKind.Producer, row.TraceParent);
        activity?.SetTag("messaging.destination.name", row.Destination);
        activity?.SetTag("controlplane.outbox.id", row.Id);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.SendTimeout);
        var endpoint = await sendEndpoints.GetSendEndpoint(new Uri($"queue:{row.Destination}"));
        await endpoint.Send(message, type, ctx => ctx.MessageId = row.Id, timeout.Token);
    }

    private async Task RefreshBacklogAsync(ControlPlaneDbContext db, CancellationToken cancellationToken)
    {
        var stats = await db.Database
            .SqlQuery<BacklogRow>($"select count(*)::bigint as count, min(created_at) as oldest from outbox_messages where sent_at is null")
            .SingleAsync(cancellationToken);
        metrics.SetBacklog(stats.Count, stats.Oldest is { } oldest ? timeProvider.GetUtcNow() - oldest : TimeSpan.Zero);
    }

    private sealed record BacklogRow(long Count, DateTimeOffset? Oldest);
}
