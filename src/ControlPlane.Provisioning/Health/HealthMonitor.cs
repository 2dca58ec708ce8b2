using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// One shared loop for every followed instance (never a task per instance): each tick probes them with bounded
/// parallelism and feeds the observations to the single failover detector, which the pod watch feeds as well.
/// A second, faster loop probes only the instances whose leader is lost, until a leader is back, so that a failover
/// is recorded soon after Patroni's promotion without probing every instance that often.
/// One failing instance is logged and skipped; it never stops the loop.
/// </summary>
public sealed class HealthMonitor(
    IMonitoredInstances instances,
    PatroniInstanceProber prober,
    IInstanceObservationSink sink,
    ILeaderLossWatch leaderLoss,
    IOptionsMonitor<HealthMonitorOptions> options,
    TimeProvider timeProvider,
    ILogger<HealthMonitor> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.CurrentValue;
        logger.LogInformation("Health monitor polling Patroni every {Interval}, and every {LeaderLostInterval} where the leader is lost",
            settings.Interval, settings.LeaderLostInterval);
        return Task.WhenAll(
            EveryAsync(settings.Interval, PollOnceAsync, stoppingToken),
            EveryAsync(settings.LeaderLostInterval, PollLeaderLostAsync, stoppingToken));
    }

    /// <summary>Probes every followed instance once.</summary>
    public Task PollOnceAsync(CancellationToken cancellationToken) => PollAsync(instances.Snapshot(), cancellationToken);

    /// <summary>Probes once each followed instance whose leader the detector has seen lost recently.</summary>
    public Task PollLeaderLostAsync(CancellationToken cancellationToken)
    {
        var lost = new List<KeyValuePair<Guid, MonitoredInstance>>();
        var since = timeProvider.GetUtcNow() - options.CurrentValue.LeaderLostWatch;
        foreach (var instanceId in leaderLoss.InstancesWithLeaderLost(since))
        {
            if (instances.TryGet(instanceId, out var instance))
            {
                lost.Add(new(instanceId, instance));
            }
        }

        return lost.Count == 0 ? Task.CompletedTask : PollAsync(lost, cancellationToken);
    }

    private async Task EveryAsync(TimeSpan interval, Func<CancellationToken, Task> poll, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            do
            {
                await poll(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task PollAsync(IEnumerable<KeyValuePair<Guid, MonitoredInstance>> entries, CancellationToken cancellationToken)
    {
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = options.CurrentValue.MaxParallelInstances,
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(entries, parallel, async (entry, token) =>
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
