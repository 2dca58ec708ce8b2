using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes;
using ControlPlane.Provisioning.Local;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Messaging;
using ControlPlane.Provisioning.Reconciliation;

namespace ControlPlane.Worker;

public static class WorkerHostExtensions
{
    public static IHostApplicationBuilder AddWorkerCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddWorkerDesiredState(builder.Configuration);

        // Messaging first: hosted services start in order, and with WaitUntilStarted the bus is up before the
        // reconcile loops and the start-up resync publish their first events.
        builder.Services.AddWorkerMessaging(builder.Configuration);
        builder.Services.AddInstanceReconciler(builder.Configuration);
        return builder;
    }

    public static IHostApplicationBuilder AddInstanceDriver(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection(ProvisioningOptions.SectionName).Get<ProvisioningOptions>()?.Driver;
        var driver = DriverSelection.Resolve(configured, Environment.GetEnvironmentVariable, File.Exists);
        switch (driver)
        {
            case ProvisioningOptions.Kubernetes:
                builder.Services.AddKubernetesDriver(builder.Configuration);
                break;
            default:
                builder.Services.AddLocalDriver(builder.Configuration);
                break;
        }

        return builder;
    }

    public static IHostApplicationBuilder AddHealthMonitoring(this IHostApplicationBuilder builder)
    {
        // Before AddWorkerCore: the reconciler only falls back to its no-op tracker when none is registered.
        builder.Services.AddInstanceHealthMonitoring(builder.Configuration);
        builder.Services.AddSingleton<IInstanceHealthTracker, MonitoredInstancesHealthTracker>();
        return builder;
    }
}
