using ControlPlane.Persistence;
using Npgsql;

namespace ControlPlane.Api.Auth;

/// <summary>
/// Listens for <see cref="ApiKeyRevocations.Channel"/> and evicts each revoked key from this process's cache, so a
/// revocation holds on every API process within a round trip instead of the cache's lifetime. While the feed is down
/// (reconnecting) the cache is cleared on every reconnect, since notices sent meanwhile are lost.
/// </summary>
public sealed partial class ApiKeyRevocationListener(
    IConfiguration configuration, ApiKeyCache cache, TimeProvider timeProvider, ILogger<ApiKeyRevocationListener> logger) : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    /// <summary>True while LISTEN is in force; tests wait for it before revoking.</summary>
    public bool IsListening { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Its own unpooled connection: a connection that LISTENs must not go back to a pool.
        var connectionString = new NpgsqlConnectionStringBuilder(configuration.GetConnectionString(PersistenceExtensions.ConnectionStringName))
        {
            Pooling = false,
            KeepAlive = 15,
            ApplicationName = "controlplane-api-revocations",
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => cache.Evict(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {ApiKeyRevocations.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.Clear();
                IsListening = true;
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            // Whatever broke the feed, it must not stop the API: requests still authenticate, with the cache's time bound.
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                IsListening = false;
                LogFeedLost(e.GetType().Name);
                await Task.Delay(ReconnectDelay, timeProvider, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "API key revocation feed lost ({Error}); reconnecting, cached keys are dropped when it is back")]
    private partial void LogFeedLost(string error);
}
