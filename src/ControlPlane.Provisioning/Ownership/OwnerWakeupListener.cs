using ControlPlane.Provisioning.DesiredState;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// LISTENs on this worker's own channel for wake-ups that other workers forward (commands they consumed for instances
/// this worker owns) and queues them here. One connection, reopened after a second when it breaks; a wake-up sent while
/// it was down is caught by the owner's generation check.
/// </summary>
public sealed class OwnerWakeupListener(
    WorkerMetadataDataSource metadata,
    IInstanceOwnership ownership,
    OwnerWakeups wakeups,
    TimeProvider timeProvider,
    ILogger<OwnerWakeupListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channel = OwnerWakeups.ChannelOf(ownership.WorkerId);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await metadata.DataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                logger.LogInformation("Worker {WorkerId} listens for wake-ups on {Channel}", ownership.WorkerId, channel);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                logger.LogWarning(ex, "Wake-up listener of worker {WorkerId} lost its connection; reconnecting", ownership.WorkerId);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void OnNotification(string payload)
    {
        if (OwnerWakeups.Parse(payload) is not { } wakeup)
        {
            logger.LogWarning("Unreadable wake-up ignored");
            return;
        }

        // The pass checks the lease again; a wake-up for a shard handed over meanwhile costs one no-op pass.
        wakeups.Deliver(wakeup);
        logger.LogDebug("Wake-up ({Reason}) for instance {InstanceId} received", wakeup.Reason, wakeup.InstanceId);
    }
}
