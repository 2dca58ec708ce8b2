using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;
using ControlPlane.Provisioning.Kubernetes.Watch;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Driver;

public sealed class RegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<IInstanceObservationSink, RecordingSink>();
        before?.Invoke(services);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => KubernetesDriverOptions.SectionName + ":" + s.Key, s => s.Value))
            .Build();
        return services.AddKubernetesDriver(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Should_register_the_driver_the_client_and_the_pod_watch_as_a_hosted_service()
    {
        using var services = Build(new() { ["ApiServerUrl"] = "http://127.0.0.1:1/" });

        Assert.IsType<KubernetesInstanceDriver>(services.GetRequiredService<IInstanceDriver>());
        Assert.Equal("http://127.0.0.1:1/", services.GetRequiredService<IKubernetes>().BaseUri.ToString());
        Assert.Contains(services.GetServices<IHostedService>(), s => s is PodWatcher);
        Assert.Same(services.GetRequiredService<PodWatcher>(), services.GetServices<IHostedService>().OfType<PodWatcher>().Single());
    }

    [Fact]
    public void Should_use_a_client_registered_before_it()
    {
        using var mine = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.2:1/" });
        using var services = Build(new() { ["ApiServerUrl"] = "http://127.0.0.1:1/" }, s => s.AddSingleton<IKubernetes>(mine));

        Assert.Same(mine, services.GetRequiredService<IKubernetes>());
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("")]
    public void Should_reject_a_namespace_quota_that_is_no_kubernetes_quantity(string value)
    {
        using var services = Build(new() { ["NamespaceQuota:requests.storage"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KubernetesDriverOptions>>().Value);
        Assert.Contains("NamespaceQuota", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_accept_namespace_quotas_in_kubernetes_quantities()
    {
        using var services = Build(new() { ["NamespaceQuota:requests.storage"] = "2Ti", ["NamespaceQuota:limits.cpu"] = "250m", ["NamespaceQuota:pods"] = "60" });

        Assert.Equal(3, services.GetRequiredService<IOptions<KubernetesDriverOptions>>().Value.NamespaceQuota.Count);
    }

    [Fact]
    public void Should_reject_patroni_timings_that_would_let_a_healthy_leader_lose_its_lock()
    {
        using var services = Build(new() { ["PatroniTtl"] = "00:00:20", ["PatroniLoopWait"] = "00:00:10", ["PatroniRetryTimeout"] = "00:00:10" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KubernetesDriverOptions>>().Value);

        Assert.Contains("retry_timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_bind_lists_and_per_major_images_from_configuration()
    {
        using var services = Build(new()
        {
            ["Images:16"] = "registry.local/spilo:16",
            ["AllowedSourceNamespaces:0"] = "apps",
            ["NamespacePrefix"] = "pg-",
        });

        var options = services.GetRequiredService<IOptions<KubernetesDriverOptions>>().Value;

        Assert.Equal("registry.local/spilo:16", options.ImageFor(16));
        Assert.Equal("ghcr.io/zalando/spilo-17:4.0-p2", options.ImageFor(17));
        Assert.Equal(["apps"], options.AllowedSourceNamespaces);
        Assert.Equal("pg-", options.NamespacePrefix);
    }
}
