using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Reconciliation;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>
    /// The queue, the reconcile loops and the periodic resync. Needs an <c>IInstanceDriver</c>, an
    /// <c>IDesiredStateReader</c>, an <c>IInstanceEventPublisher</c> and a <c>TimeProvider</c> from elsewhere;
    /// ownership defaults to shard leases on the worker's metadata connection (<see cref="Ownership.OwnershipServiceCollectionExtensions"/>).
    /// </summary>
    public static IServiceCollection AddInstanceReconciler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReconcilerOptions>().Bind(configuration.GetSection(ReconcilerOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<Events.IEventSequencer, Events.LeaseEventSequencer>();
        services.TryAddSingleton<IInstanceHealthTracker, NoHealthTracking>();
        services.TryAddSingleton<PendingOperations>();
        services.TryAddSingleton<ReconcileQueue>();
        services.TryAddSingleton(sp => new ReconcileBackoff(sp.GetRequiredService<IOptions<ReconcilerOptions>>().Value, Random.Shared));
        services.TryAddSingleton<Switchovers.HandledSwitchovers>();
        services.TryAddSingleton<Health.IExpectedSwitchovers, Health.ExpectedSwitchovers>();
        services.TryAddSingleton<Switchovers.SwitchoverExecutor>();
        services.TryAddSingleton<BackupRuns.BackupExecutor>();
        services.TryAddSingleton<BackupRuns.ArchivingReporter>();
        services.TryAddSingleton<InstanceReconciler>();
        services.TryAddSingleton<ReconcileMetrics>();
        services.TryAddSingleton<ReconcileProcessor>();
        services.TryAddSingleton<RegionResync>();
        if (!services.Any(d => d.ServiceType == typeof(Ownership.IInstanceOwnership)))
        {
            Ownership.OwnershipServiceCollectionExtensions.AddInstanceOwnership(services, configuration);
        }

        services.AddHostedService<ReconcileWorkerPool>();
        services.AddHostedService<ResyncLoop>();
        return services;
    }
}
