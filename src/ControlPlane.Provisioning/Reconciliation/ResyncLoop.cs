using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>Runs a resync at start-up (a restarted worker adopts what it runs) and then every ResyncInterval.</summary>
public sealed class ResyncLoop(
    RegionResync resync,
    IOptions<ReconcilerOptions> options,
    TimeProvider timeProvider,
    ILogger<ResyncLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ResyncInterval, timeProvider);
        try
        {
            do
            {
                try
                {
                    await resync.RunAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Resync failed; the next one runs in {Interval}", options.Value.ResyncInterval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }
}
