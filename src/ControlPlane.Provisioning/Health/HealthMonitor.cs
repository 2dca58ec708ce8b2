using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// One shared loop for every followed instance (never a task per instance): each tick probes them with bounded
/// parallelism and feeds the observations to the single failover detector, which the pod watch feeds as well.
/// One failing instance is logged and skipped; it never stops the loop.
/// </summary>
public sealed class HealthMonitor(
    IMonitoredInstances instances,
    PatroniInstanceProber prober,
    IInstanceObservationSink sink,
    IOptionsMonitor<HealthMonitorOptions> options,
    TimeProvider timeProvider,
    ILogger<HealthMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.CurrentValue.Interval;
        logger.LogInformation("Health monitor polling Patroni every {Interval}", interval);
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            do
            {
                await PollOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Probes every followed instance once.</summary>
    public async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.CurrentValue.MaxParallelInstances,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(instances.Snapshot(), parallel, async (entry, token) =>
        {
            var (instanceId, instance) = entry;
            try
            {
                var observation = await prober.ProbeAsync(instanceId, instance, token);
                await sink.ObserveAsync(observation, token);
            }
            catch (Exception ex) when (!token.IsCancellationRequested)
            {
                logger.LogError(ex, "Health check of {InstanceId} failed", instanceId);
            }
        });
    }
}
