using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.Backups;
using ControlPlane.Provisioning.Local.Patroni;
using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using ControlPlane.Provisioning.Patroni;
using ControlPlane.Provisioning.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local;

public static class ServiceCollectionExtensions
{
    /// <summary>Runs instances as local Patroni clusters: the driver, its options (validated at start), the member supervisor, and pgBackRest behind <see cref="IBackupEngine"/>.</summary>
    public static IServiceCollection AddLocalDriver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LocalDriverOptions>()
            .Bind(configuration.GetSection(LocalDriverOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.PortRangeEnd - o.PortRangeStart >= 10, "The port range must hold at least one instance (11 ports).")
            .Validate(o => o.LoopWaitSeconds + (2 * o.RetryTimeoutSeconds) <= o.TtlSeconds, "Patroni requires loop_wait + 2 * retry_timeout <= ttl.")
            .Validate(o => o.SupervisionInterval > TimeSpan.Zero, "The supervision interval must be positive.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => OsUser.Resolve(sp.GetRequiredService<IOptions<LocalDriverOptions>>().Value.OsUser));
        services.AddSingleton<OwnedFiles>();
        services.AddSingleton<ProcessLauncher>();
        services.AddSingleton<InstanceLocks>();
        services.AddSingleton<InstanceStateStore>();
        services.AddSingleton<PortAllocator>();
        services.AddSingleton<InstanceAllocator>();
        services.AddSingleton<LocalSwitchover>();
        services.AddSingleton<InstanceProcesses>();
        services.AddDriverPatroniClient(sp => sp.GetRequiredService<IOptions<LocalDriverOptions>>().Value.PatroniRequestTimeout);
        services.AddSingleton<ClusterObserver>();
        services.AddSingleton<ApplicationDatabase>();
        services.AddSingleton<EffectiveSettings>();
        services.AddOptions<PgBackRestOptions>()
            .Bind(configuration.GetSection(PgBackRestOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.ArchiveTimeout >= TimeSpan.FromSeconds(1), "archive_timeout must be at least one second.")
            .Validate(o => o.CommandTimeout > TimeSpan.Zero, "The pgBackRest command timeout must be positive.")
            .Validate(o => Path.IsPathRooted(o.RepositoryDirectory), "The pgBackRest repository directory must be an absolute path.")
            .ValidateOnStart();
        services.AddSingleton<PgBackRest>();
        services.AddSingleton<PgBackRestCatalog>();
        services.AddSingleton<BackupVerifier>();
        services.AddSingleton<LocalBackupEngine>();
        services.AddSingleton<IBackupEngine>(sp => sp.GetRequiredService<LocalBackupEngine>());
        services.AddSingleton<LocalInstanceDriver>();
        services.AddSingleton<IInstanceDriver>(sp => sp.GetRequiredService<LocalInstanceDriver>());
        services.AddSingleton<LocalMemberSupervisor>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalMemberSupervisor>());
        return services;
    }
}
