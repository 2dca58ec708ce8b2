using ControlPlane.Provisioning.Events;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Ownership;
using ControlPlane.Provisioning.Patroni;
using ControlPlane.Testing.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ControlPlane.Provisioning.Tests.Support;

/// <summary>Builds the real registration (typed client, handler, timeouts) with test settings.</summary>
public static class PatroniClients
{
    public static ServiceProvider BuildServices(IDictionary<string, string?> settings, Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInstanceHealthMonitoring(configuration);
        configure?.Invoke(services);
        services.TryAddSingleton<IInstanceEventPublisher>(new RecordingPublisher());

        // The worker registers ownership with the reconciler; these tests run the health monitor alone.
        services.TryAddSingleton<IInstanceOwnership, FakeOwnership>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static ServiceProvider WithTimeouts(string connect = "00:00:05", string request = "00:00:05") =>
        BuildServices(new Dictionary<string, string?>
        {
            [$"{PatroniClientOptions.SectionName}:ConnectTimeout"] = connect,
            [$"{PatroniClientOptions.SectionName}:RequestTimeout"] = request,
        });
}
