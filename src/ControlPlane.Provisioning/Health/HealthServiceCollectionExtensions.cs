using System.Net;
using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Patroni;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// The Patroni client, the monitored-instance registry, expected switchovers, the failover detector (also as
    /// <see cref="IInstanceObservationSink"/> for the pod watch) and the polling loop. <c>IInstanceEventPublisher</c>
    /// comes from the messaging registration.
    /// </summary>
    public static IServiceCollection AddInstanceHealthMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HealthMonitorOptions>()
            .Bind(configuration.GetSection(HealthMonitorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PatroniClientOptions>()
            .Bind(configuration.GetSection(PatroniClientOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IEventSequencer, LeaseEventSequencer>();
        services.TryAddSingleton<IMonitoredInstances, MonitoredInstances>();
        services.TryAddSingleton<IExpectedSwitchovers, ExpectedSwitchovers>();
        services.TryAddSingleton<FailoverDetector>();
        services.TryAddSingleton<IInstanceObservationSink>(sp => sp.GetRequiredService<FailoverDetector>());
        services.TryAddSingleton<ILeaderLossWatch>(sp => sp.GetRequiredService<FailoverDetector>());
        services.TryAddSingleton<ProbeMetrics>();
        services.TryAddSingleton<PatroniInstanceProber>();

        services.AddHttpClient<PatroniClient>((sp, client) =>
            {
                client.Timeout = sp.GetRequiredService<IOptions<PatroniClientOptions>>().Value.RequestTimeout;
                client.DefaultRequestVersion = HttpVersion.Version11;
                client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
            })
            // A member that is down is polled every interval; the factory's per-request logs would repeat its stack trace.
            .RemoveAllLoggers()
            // One long-lived handler (the prober is a singleton); PooledConnectionLifetime still refreshes connections.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = sp.GetRequiredService<IOptions<PatroniClientOptions>>().Value.ConnectTimeout,
                // Members are reached directly (pod IPs, loopback), never through a proxy from the environment.
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            });

        services.AddHostedService<HealthMonitor>();
        return services;
    }
}
