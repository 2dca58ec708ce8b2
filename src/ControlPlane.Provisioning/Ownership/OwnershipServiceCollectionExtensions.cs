using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlPlane.Provisioning.Ownership;

public static class OwnershipServiceCollectionExtensions
{
    /// <summary>
    /// Shard leases in the metadata database (needs the worker's metadata data source), the wake-up channel between
    /// workers, the "ControlPlane.Ownership" meter and the "ownership" readiness check.
    /// </summary>
    public static IServiceCollection AddInstanceOwnership(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OwnershipOptions>().Bind(configuration.GetSection(OwnershipOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton<OwnershipMetrics>();
        services.TryAddSingleton<InstanceOwnership>();
        services.TryAddSingleton<IInstanceOwnership>(sp => sp.GetRequiredService<InstanceOwnership>());
        services.TryAddSingleton<ShardLeaseStore>();
        services.TryAddSingleton<OwnerWakeups>();
        services.AddHostedService<OwnershipLoop>();
        services.AddHostedService<OwnerWakeupListener>();
        services.AddHealthChecks().AddCheck<OwnershipHealthCheck>(OwnershipHealthCheck.Name, tags: ["ready"]);
        return services;
    }
}
