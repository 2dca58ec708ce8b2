using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Patroni;

public static class PatroniServiceCollectionExtensions
{
    /// <summary>
    /// The driver's <see cref="PatroniClient"/>, keyed <see cref="PatroniClient.DriverKey"/>: one client for both drivers, with
    /// the driver's own timeout (a switchover answers only once Patroni has completed it, which takes seconds).
    /// </summary>
    public static IServiceCollection AddDriverPatroniClient(this IServiceCollection services, Func<IServiceProvider, TimeSpan> requestTimeout)
    {
        services.AddHttpClient(PatroniClient.DriverKey, (sp, client) =>
            {
                client.Timeout = requestTimeout(sp);
                client.DefaultRequestVersion = HttpVersion.Version11;
                client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower;
            })
            .RemoveAllLoggers()
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // Members are reached directly (pod IPs, loopback), never through a proxy from the environment.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) });
        services.AddKeyedSingleton(PatroniClient.DriverKey, (sp, _) => new PatroniClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(PatroniClient.DriverKey), sp.GetRequiredService<ILogger<PatroniClient>>()));
        return services;
    }
}
