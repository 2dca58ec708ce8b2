using ControlPlane.Kubernetes.Fake;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Watch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Support;

/// <summary>The API test double plus the driver wired exactly as the worker wires it (AddKubernetesDriver), on fast timings.</summary>
internal sealed class DriverHarness : IAsyncDisposable
{
    private DriverHarness(FakeKubernetesApi api, ServiceProvider services)
    {
        Api = api;
        Services = services;
    }

    public FakeKubernetesApi Api { get; }

    public ServiceProvider Services { get; }

    public RecordingSink Sink => (RecordingSink)Services.GetRequiredService<IInstanceObservationSink>();

    public IInstanceDriver Driver => Services.GetRequiredService<IInstanceDriver>();

    public PodWatcher Watcher => Services.GetRequiredService<PodWatcher>();

    public KubernetesDriverOptions Options => Services.GetRequiredService<IOptions<KubernetesDriverOptions>>().Value;

    public static async Task<DriverHarness> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var api = await FakeKubernetesApi.StartAsync();
        var prefix = KubernetesDriverOptions.SectionName + ":";
        var values = new Dictionary<string, string?>
        {
            [prefix + "ApiServerUrl"] = api.Url.ToString(),
            [prefix + "ApiRetryBaseDelay"] = "00:00:00.010",
            [prefix + "WatchRetryDelay"] = "00:00:00.200",
            [prefix + "RequeueAfter"] = "00:00:01",
            [prefix + "PatroniRequestTimeout"] = "00:00:03",
            // Most tests exercise the API side only; tests with a fake Patroni turn this back on.
            [prefix + "ManagePatroniConfig"] = "false",
            [prefix + "ManageApplicationDatabase"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[prefix + key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IInstanceObservationSink, RecordingSink>();
        services?.Invoke(collection);
        var provider = collection.AddKubernetesDriver(configuration).BuildServiceProvider();
        return new DriverHarness(api, provider);
    }

    public string Namespace(DesiredInstance instance) => InstanceNaming.Namespace(Options, instance);

    public IReadOnlyList<string> PodNames(DesiredInstance instance) =>
        Api.ListObjects("pods", Namespace(instance), InstanceLabels.InstanceSelector(instance.InstanceId))
            .Select(p => p["metadata"]!["name"]!.GetValue<string>())
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Api.DisposeAsync();
    }
}
