using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ControlPlane.Recording.Outbox;

/// <summary>
/// Wakes this process's dispatcher when another process commits an outbox row: every commit is announced on
/// <see cref="OutboxOrigin.Channel"/> by <see cref="OutboxAnnouncer"/> once it has committed, and this service LISTENs
/// on a dedicated connection. When the connection drops it reconnects; until it is back the
/// dispatcher's poll is what finds other processes' rows, and each (re)connect starts a round for what was missed.
/// </summary>
public sealed partial class OutboxListener(
    string connectionString,
    OutboxSignal signal,
    OutboxOrigin origin,
    IOptions<OutboxOptions> options,
    TimeProvider timeProvider,
    ILogger<OutboxListener> logger) : BackgroundService
{
    private volatile bool _listening;

    /// <summary>True while LISTEN is in force; tests wait for it before committing.</summary>
    public bool IsListening => _listening;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Unpooled: a session that LISTENs must never serve anything else. Keepalive notices a dead peer within a minute
        // instead of the kernel's two hours, so the listener reconnects instead of waiting on a socket nobody answers.
        var listenerConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            KeepAlive = 15,
            TcpKeepAlive = true,
            ApplicationName = "controlplane-outbox-listener",
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenerConnectionString);
                connection.Notification += (_, e) =>
                {
                    if (!origin.IsOwn(e.Payload))
                    {
                        signal.Notify();
                    }
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {OutboxOrigin.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                _listening = true;
                // Rows committed while nobody listened were announced to no one.
                signal.Notify();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                _listening = false;
                LogListenerLost(ex.GetType().Name, ex.Message);
                await Task.Delay(options.Value.ListenerReconnectDelay, timeProvider, stoppingToken)
                    .ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                _listening = false;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox commit notifications lost ({Error}: {Reason}); reconnecting, other processes' rows wait for the poll until then")]
    private partial void LogListenerLost(string error, string reason);
}
