using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Patroni;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes.Patroni;
using ControlPlane.Provisioning.Kubernetes.Throttling;
using ControlPlane.Provisioning.Kubernetes.Watch;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Kubernetes;

public static class ServiceCollectionExtensions
{
    /// <summary>
    /// The Kubernetes driver, its API client (throttled per ApiQueriesPerSecond/ApiBurst) and the pod watch. An <see cref="IKubernetes"/> registered before this call
    /// wins (tests point it at the API test double); the pod watch needs an IInstanceObservationSink from the host.
    /// </summary>
    public static IServiceCollection AddKubernetesDriver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KubernetesDriverOptions>()
            .Bind(configuration.GetSection(KubernetesDriverOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.PatroniLoopWait + (2 * o.PatroniRetryTimeout) <= o.PatroniTtl,
                "Patroni needs loop_wait + 2 × retry_timeout ≤ ttl, or a healthy leader can lose its lock")
            .Validate(o => o.PatroniTtl.TotalSeconds >= 1 && o.PatroniLoopWait.TotalSeconds >= 1 && o.PatroniRetryTimeout.TotalSeconds >= 1,
                "Patroni timings are whole seconds of at least 1")
            .Validate(o => o.RoleLabelKey.Length > 0 && o.PrimaryRoleValue != o.ReplicaRoleValue,
                "the primary and replica role label values must differ")
            .Validate(o => o.NamespaceQuota.Values.All(Specs.ResourceQuotaBuilder.IsQuantity),
                "every NamespaceQuota value must be a Kubernetes quantity (e.g. 500Gi, 64, 250m)")
            .ValidateOnStart();
        // Bound and checked here; the StatefulSet does not carry WAL-G's environment yet (Backups/WalGEnvironment builds it).
        services.AddOptions<Backups.WalGBackupOptions>()
            .Bind(configuration.GetSection(Backups.WalGBackupOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => !o.Enabled || o.Bucket.Length > 0, "WAL-G backups need a bucket once enabled.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<KubernetesDriverOptions>>().Value;
            return new KubernetesRequestThrottle(o.ApiQueriesPerSecond, o.ApiBurst, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton<IKubernetes>(sp =>
        {
            var configuration = KubernetesClientFactory.Configuration(sp.GetRequiredService<IOptions<KubernetesDriverOptions>>().Value);
            var throttle = sp.GetRequiredService<KubernetesRequestThrottle>();
            return throttle.Enabled
                ? new k8s.Kubernetes(configuration, new KubernetesThrottlingHandler(throttle))
                : new k8s.Kubernetes(configuration);
        });
        services.AddDriverPatroniClient(sp => sp.GetRequiredService<IOptions<KubernetesDriverOptions>>().Value.PatroniRequestTimeout);
        services.TryAddSingleton<KubernetesInstanceDriver>();
        services.TryAddSingleton<IInstanceDriver>(sp => sp.GetRequiredService<KubernetesInstanceDriver>());
        services.TryAddSingleton<KnownInstances>();
        services.TryAddSingleton<IMonitoredInstances, MonitoredInstances>();
        services.TryAddSingleton<PodWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<PodWatcher>());
        return services;
    }
}
