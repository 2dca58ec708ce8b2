using System.Collections.Concurrent;
using ControlPlane.Contracts.Commands;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Messaging;
using ControlPlane.Provisioning.Reconciliation;
using ControlPlane.Testing.Provisioning;
using ControlPlane.Worker.Tests.Infrastructure;
using ControlPlane.ServiceDefaults;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ControlPlane.Worker.Tests.Integration;

/// <summary>
/// A worker wired as in production (real bus, real reader and leases on a scratch database) except for the driver,
/// the health monitor and the credentials, plus a second bus that plays the API: it sends commands to the region
/// queue and records the events, and the messages that reach the region's _error queue.
/// </summary>
internal sealed class WorkerHost : IAsyncDisposable
{
    public const int RetryLimit = 2;

    private IHost? _worker;
    private IBusControl? _api;

    private WorkerHost(ScratchDatabase database, string region)
    {
        Database = database;
        Region = region;
    }

    public ScratchDatabase Database { get; }

    public string Region { get; }

    public FakeDriver Driver { get; } = new();

    public FakeExpectedSwitchovers ExpectedSwitchovers { get; } = new();

    public RecordingHealthTracker Health { get; } = new();

    public ConcurrentQueue<IInstanceEvent> Events { get; } = new();

    public ConcurrentQueue<RequestSwitchover> ErrorQueue { get; } = new();

    /// <summary>Where the worker's /healthz, /readyz and /metrics answer, when started with them.</summary>
    public Uri? EndpointsUrl { get; private set; }

    public IServiceProvider Services => _worker!.Services;

    public static async Task<WorkerHost> StartAsync(bool withEndpoints = false)
    {
        var database = await ScratchDatabase.CreateAsync();
        var region = "t" + Guid.NewGuid().ToString("N")[..12];
        var rabbitMq = TestServices.RabbitMq;
        var host = new WorkerHost(database, region);
        try
        {
            host._api = CreateApiBus(rabbitMq, region, host.Events, host.ErrorQueue);
            using (var starting = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
            {
                await host._api.StartAsync(starting.Token);
            }

            IHostApplicationBuilder builder = withEndpoints
                ? WebApplication.CreateBuilder()
                : Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            if (withEndpoints)
            {
                host.EndpointsUrl = new Uri($"http://127.0.0.1:{FreePort()}");
                builder.Configuration[WorkerEndpointsOptions.SectionName + ":Url"] = host.EndpointsUrl.ToString();
                ((WebApplicationBuilder)builder).AddWorkerEndpoints();
                // The prober as the health monitor uses it, without the monitor's loop (the health tracker here is a fake).
                builder.Services.AddOptions<HealthMonitorOptions>();
                builder.Services.AddHttpClient<ControlPlane.Provisioning.Patroni.PatroniClient>();
                builder.Services.AddSingleton<ProbeMetrics>();
                builder.Services.AddSingleton<PatroniInstanceProber>();
            }

            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:RabbitMq"] = rabbitMq,
                ["ConnectionStrings:WorkerMetadata"] = database.WorkerConnectionString,
                ["ControlPlane:Worker:Region"] = region,
                ["ControlPlane:DataProtection:MasterKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
                ["ControlPlane:Worker:Messaging:RetryLimit"] = RetryLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ControlPlane:Worker:Messaging:RetryMinInterval"] = "00:00:00.050",
                ["ControlPlane:Worker:Messaging:RetryMaxInterval"] = "00:00:00.200",
                ["ControlPlane:Worker:Messaging:RetryIntervalDelta"] = "00:00:00.050",
            });

            var services = builder.Services;
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<IInstanceDriver>(host.Driver);
            services.AddSingleton<IExpectedSwitchovers>(host.ExpectedSwitchovers);
            services.AddSingleton<IInstanceHealthTracker>(host.Health);
            services.AddSingleton<ICredentialsUnprotector, FakeUnprotector>();
            services.AddWorkerDesiredState(builder.Configuration);
            services.AddWorkerMessaging(builder.Configuration);
            services.AddInstanceReconciler(builder.Configuration);
            if (builder is WebApplicationBuilder web)
            {
                var app = web.Build();
                app.MapDefaultEndpoints();
                host._worker = app;
            }
            else
            {
                host._worker = ((HostApplicationBuilder)builder).Build();
            }

            await host._worker.StartAsync();

            // A lone worker owns every shard after its first ownership round; commands before that are for no owner.
            var ownership = host._worker.Services.GetRequiredService<ControlPlane.Provisioning.Ownership.IInstanceOwnership>();
            await Eventually.HoldsAsync(() => ownership.OwnedShards().Count == ControlPlane.Domain.Ownership.InstanceShards.Count,
                "the worker to own every shard", TimeSpan.FromSeconds(20));
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    public async Task SendAsync<T>(T command, Guid? messageId = null)
        where T : class
    {
        var endpoint = await _api!.GetSendEndpoint(CommandQueues.AddressForRegion(Region));
        await endpoint.Send(command, context =>
        {
            if (messageId is { } id)
            {
                context.MessageId = id;
            }
        });
    }

    public IReadOnlyList<T> EventsOf<T>(Guid instanceId) where T : IInstanceEvent =>
        Events.OfType<T>().Where(e => e.InstanceId == instanceId).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_worker is not null)
        {
            await _worker.StopAsync();
            _worker.Dispose();
        }

        if (_api is not null)
        {
            await _api.StopAsync();
        }

        await RabbitMqCleanup.DeleteRegionAsync(TestServices.RabbitMq, CommandQueues.ForRegion(Region));
        await Database.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static IBusControl CreateApiBus(string rabbitMq, string region, ConcurrentQueue<IInstanceEvent> events, ConcurrentQueue<RequestSwitchover> errors)
    {
        var address = RabbitMqAddress.Parse(rabbitMq);
        return Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.Host(address.Host, address.Port, address.VirtualHost, h =>
            {
                h.Username(address.Username);
                h.Password(address.Password);
            });
            bus.ReceiveEndpoint($"worker-test-events-{region}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<InstanceReady>(Record);
                endpoint.Handler<InstanceProgressed>(Record);
                endpoint.Handler<InstanceFailed>(Record);
                endpoint.Handler<InstanceDeleted>(Record);
                endpoint.Handler<SwitchoverFailed>(Record);
            });
            bus.ReceiveEndpoint(CommandQueues.ForRegion(region) + "_error", endpoint =>
            {
                endpoint.ConfigureConsumeTopology = false;
                endpoint.Handler<RequestSwitchover>(context =>
                {
                    errors.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
            });

            Task Record<T>(ConsumeContext<T> context)
                where T : class, IInstanceEvent
            {
                events.Enqueue(context.Message);
                return Task.CompletedTask;
            }
        });
    }
}
