using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Ownership;
using ControlPlane.Provisioning.Reconciliation;
using ControlPlane.Testing.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ControlPlane.Worker.Tests.Hosting;

public sealed class WorkerCompositionTests
{
    [Fact]
    public void Should_resolve_every_worker_service_once_a_driver_and_the_health_monitor_are_registered()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:5672/",
            ["ConnectionStrings:WorkerMetadata"] = "Host=127.0.0.1;Port=5432;Database=controlplane;Username=controlplane_worker;Password=x",
        });
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));

        // What the driver and health projects will provide at merge time.
        builder.Services.AddSingleton<IInstanceDriver, FakeDriver>();
        builder.Services.AddSingleton<IExpectedSwitchovers, FakeExpectedSwitchovers>();
        builder.AddHealthMonitoring().AddWorkerCore().AddInstanceDriver();

        using var host = builder.Build();

        Assert.Equal(2, host.Services.GetServices<IHostedService>().Count(s => s is ReconcileWorkerPool or ResyncLoop));
        Assert.IsType<InstanceOwnership>(host.Services.GetRequiredService<IInstanceOwnership>());
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<OwnershipLoop>());
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<OwnerWakeupListener>());
    }
}
