using System.Diagnostics;
using ControlPlane.Persistence.Outbox;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ControlPlane.Recording.Outbox;

/// <summary>
/// One dispatch round: claim up to a batch of unsent rows with FOR UPDATE SKIP LOCKED, send them, mark what was sent,
/// all in one transaction, so rounds running at once (in this process or another API process) never share a row.
/// (A crash between the broker's acknowledgement and the commit sends a row again; consumers deduplicate by message id.)
/// </summary>
public sealed class OutboxRound(
    OutboxDataSource database,
    IBus bus,
    OutboxSignal signal,
    OutboxMetrics metrics,
    OutboxMessageTypes messageTypes,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxRound> logger)
{
    public static readonly ActivitySource ActivitySource = new("ControlPlane.Outbox");

    /// <summary>Runs one round; returns how many rows were sent, and throws when rows were claimed but none could be sent.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var batch = await ClaimAsync(connection, cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        if (batch.Count == options.Value.BatchSize)
        {
            // More rows are probably waiting: let the dispatcher start the next round while this one sends.
            signal.Notify();
        }

        var claimed = timeProvider.GetTimestamp();

        // Send the batch concurrently (the broker confirms each publish; one at a time capped throughput at about
        // 100/s here). Commands are level-triggered nudges, so their order on the queue does not matter.
        var outcomes = await Task.WhenAll(batch.Select(row => TrySendAsync(row, cancellationToken)));
        var sentAt = timeProvider.GetUtcNow();
        var confirmed = timeProvider.GetTimestamp();
        var sent = batch.Where((_, i) => outcomes[i] is null).ToList();
        var failed = batch.Select((row, i) => (row, error: outcomes[i])).Where(f => f.error is not null).ToList();
        await MarkAsync(connection, sent, sentAt, failed.Select(f => (f.row.Id, f.error!)).ToList(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var row in sent)
        {
            metrics.Sent.Add(1);
            metrics.HandOff.Record((sentAt - row.CreatedAt).TotalSeconds);
        }

        foreach (var (row, error) in failed)
        {
            metrics.Failures.Add(1);
            logger.LogWarning("Outbox row {OutboxId} ({MessageType}) not sent: {Error}", row.Id, row.MessageType, error);
        }

        logger.LogDebug(
            "Outbox round: {Claimed} rows claimed in {ClaimMs:F1} ms, {Sent} confirmed by the broker after {SendMs:F1} ms, marked and committed after {MarkMs:F1} ms",
            batch.Count, timeProvider.GetElapsedTime(started, claimed).TotalMilliseconds, sent.Count,
            timeProvider.GetElapsedTime(claimed, confirmed).TotalMilliseconds, timeProvider.GetElapsedTime(confirmed).TotalMilliseconds);
        if (sent.Count == 0)
        {
            throw new InvalidOperationException($"No outbox row of {batch.Count} could be sent; the broker looks unreachable.");
        }

        return sent.Count;
    }

    private async Task<List<ClaimedOutboxRow>> ClaimAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Oldest first through the partial index on created_at of unsent rows; rows another round holds are skipped.
        await using var claim = new NpgsqlCommand(
            """
            select id, message_type, destination, body, trace_parent, created_at from outbox_messages
            where sent_at is null
            order by created_at
            limit $1
            for update skip locked
            """, connection);
        claim.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.BatchSize });
        var batch = new List<ClaimedOutboxRow>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batch.Add(new ClaimedOutboxRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                await reader.IsDBNullAsync(4, cancellationToken) ? null : reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return batch;
    }

    /// <summary>Marks the sent rows and records the failed ones' errors, one statement each, not one per row.</summary>
    private static async Task MarkAsync(NpgsqlConnection connection, List<ClaimedOutboxRow> sent, DateTimeOffset sentAt,
        List<(Guid Id, string Error)> failed, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        // The round's commit need not wait for the WAL flush: a mark lost in a crash only sends its rows again, which
        // at-least-once delivery allows, and a round that returns sooner frees its slot for the next commit's rows.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("set local synchronous_commit = off"));
        if (sent.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "update outbox_messages set sent_at = $1, attempts = attempts + 1, last_error = null where id = any($2)")
            {
                Parameters =
                {
                    new NpgsqlParameter<DateTimeOffset> { TypedValue = sentAt },
                    new NpgsqlParameter<Guid[]> { TypedValue = [.. sent.Select(r => r.Id)] },
                },
            });
        }

        if (failed.Count > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                """
                update outbox_messages o set attempts = o.attempts + 1, last_error = f.error
                from unnest($1::uuid[], $2::text[]) as f(id, error)
                where o.id = f.id
                """)
            {
                Parameters =
                {
                    new NpgsqlParameter<Guid[]> { TypedValue = [.. failed.Select(f => f.Id)] },
                    new NpgsqlParameter<string[]> { TypedValue = [.. failed.Select(f => f.Error)] },
                },
            });
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sends one row; null when the broker took it, else the reason it did not.</summary>
    private async Task<string?> TrySendAsync(ClaimedOutboxRow row, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(row, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private async Task SendAsync(ClaimedOutboxRow row, CancellationToken cancellationToken)
    {
        var type = messageTypes.Resolve(row.MessageType);
        var message = OutboxBody.Read(row.Body, type)
            ?? throw new InvalidOperationException($"Outbox row {row.Id} has an empty body.");

        // Continue the trace of the request that wrote the row.
        using var activity = ActivitySource.StartActivity("outbox send", ActivityKind.Producer, row.TraceParent);
        activity?.SetTag("messaging.destination.name", row.Destination);
        activity?.SetTag("controlplane.outbox.id", row.Id);

        using var timer = new CancellationTokenSource(options.Value.SendTimeout, timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{row.Destination}"));
        await endpoint.Send(message, type, ctx => ctx.MessageId = row.Id, timeout.Token);
    }
}
