using ControlPlane.ServiceDefaults;

namespace ControlPlane.Worker;

public static class WorkerEndpointsExtensions
{
    /// <summary>Every meter of ours: the worker's own and whatever other parts add under the same prefix.</summary>
    public const string Meters = "ControlPlane.*";

    /// <summary>Service defaults (metrics, traces, health checks) and the listening address of the worker's endpoints.</summary>
    public static WebApplicationBuilder AddWorkerEndpoints(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults("controlplane-worker", Meters);
        builder.Services.AddOptions<WorkerEndpointsOptions>().BindConfiguration(WorkerEndpointsOptions.SectionName);
        // The broker's check is MassTransit's own (tagged ready); the metadata database is ours.
        builder.Services.AddHealthChecks().AddCheck<MetadataDatabaseHealthCheck>("metadata-db", tags: [ServiceDefaultsExtensions.ReadyTag]);
        var url = builder.Configuration.GetSection(WorkerEndpointsOptions.SectionName).Get<WorkerEndpointsOptions>()?.Url
            ?? new WorkerEndpointsOptions().Url;
        builder.WebHost.UseUrls(url);
        return builder;
    }
}
