using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Messaging;
using ControlPlane.Provisioning.Reconciliation;

namespace ControlPlane.Worker;

public static class WorkerHostExtensions
{
    public static HostApplicationBuilder AddWorkerCore(this HostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddWorkerDesiredState(builder.Configuration);

        // Messaging first: hosted services start in order, and with WaitUntilStarted the bus is up before the
        // reconcile loops and the start-up resync publish their first events.
        builder.Services.AddWorkerMessaging(builder.Configuration);
        builder.Services.AddInstanceReconciler(builder.Configuration);
        return builder;
    }

    public static HostApplicationBuilder AddInstanceDriver(this HostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetSection(ProvisioningOptions.SectionName).Get<ProvisioningOptions>()?.Driver;
        var driver = DriverSelection.Resolve(configured, Environment.GetEnvironmentVariable, File.Exists);
        switch (driver)
        {
            case ProvisioningOptions.Kubernetes:
                // TODO(merge): builder.Services.AddKubernetesDriver(builder.Configuration);
                break;
            default:
                // TODO(merge): builder.Services.AddLocalDriver(builder.Configuration);
                break;
        }

        return builder;
    }

    public static HostApplicationBuilder AddHealthMonitoring(this HostApplicationBuilder builder)
    {
        // TODO(merge): builder.Services.AddInstanceHealthMonitoring(builder.Configuration); it provides IExpectedSwitchovers
        // (needed by the switchover consumer) and IMonitoredInstances. Then let the reconciler feed the monitor with a
        // small adapter registered before AddWorkerCore (the reconciler's default is a no-op):
        //   sealed class MonitoredInstancesHealthTracker(IMonitoredInstances monitored) : IInstanceHealthTracker
        //   { Track(d, e) => monitored.Track(d, e); Untrack(id) => monitored.Untrack(id); }
        //   builder.Services.AddSingleton<IInstanceHealthTracker, MonitoredInstancesHealthTracker>();
        return builder;
    }
}
