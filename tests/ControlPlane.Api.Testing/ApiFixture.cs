extern alias migrations;

using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using ControlPlane.Api.Testing.Contract;
using ControlPlane.Contracts.Commands;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using migrations::ControlPlane.Migrations;
using Npgsql;
using RabbitMQ.Client;

namespace ControlPlane.Api.Testing;

/// <summary>
/// One API process on the real PostgreSQL and RabbitMQ, with everything of its own so classes can run in parallel:
/// a fresh database, a region (so its command queue is its own), an events queue, and a support key. A test bus
/// plays the worker: it publishes events and records the commands that reach the region queue.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private readonly List<WebApplicationFactory<Program>> _extraHosts = [];
    private readonly Dictionary<string, string?> _settings = [];
    private WebApplicationFactory<Program>? _factory;
    private IBusControl? _worker;

    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];

    public string Region => "t" + Id;

    public string RegionQueue => CommandQueues.ForRegion(Region);

    public string EventsQueue => "controlplane-events-test-" + Id;

    public string DatabaseName => "cp_api_test_" + Id;

    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestServices.PostgresAdmin) { Database = DatabaseName }.ConnectionString;

    public string SupportKey { get; } = "support-" + Guid.NewGuid().ToString("N");

    public CapturedLogs Logs { get; } = new();

    /// <summary>Commands the API sent to this fixture's region queue, in arrival order.</summary>
    public ConcurrentQueue<object> Commands { get; } = new();

    public WebApplicationFactory<Program> Factory => _factory ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The API's client; every response it gets is checked against the OpenAPI document.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Where <see cref="Http"/> sends requests: a loopback port when <see cref="ListensOnLoopback"/>.</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost");

    public ApiClient Support => new(Http, SupportKey);

    public ApiClient Anonymous => new(Http, null);

    /// <summary>Where the API finds the broker; the outbox tests put a proxy in between.</summary>
    protected virtual Uri BrokerForApi => TestServices.RabbitMqUri;

    /// <summary>Development by default; production-only behaviour (no exception details, no Swagger UI) has its own fixture.</summary>
    protected virtual string EnvironmentName => "Development";

    /// <summary>
    /// A real Kestrel server on a loopback port instead of the in-memory test server, for clients that bring their own
    /// HTTP stack (a generated client, as users run it).
    /// </summary>
    protected virtual bool ListensOnLoopback => false;

    /// <summary>Extra settings of a fixture (tiny deadlines, a tiny rate limit).</summary>
    protected virtual void Configure(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Extra services of a fixture (a failing health check).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public async Task InitializeAsync()
    {
        using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Migrator.RunAsync(ConnectionString, null, startup.Token);

        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["ConnectionStrings:Metadata"] = ConnectionString,
            ["ConnectionStrings:RabbitMq"] = BrokerForApi.ToString(),
            ["ControlPlane:DataProtection:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["ControlPlane:Auth:BootstrapSupportKey"] = SupportKey,
            ["ControlPlane:Catalog:Regions:0"] = Region,
            ["ControlPlane:Catalog:PostgresVersions:0"] = "15",
            ["ControlPlane:Catalog:PostgresVersions:1"] = "16",
            ["ControlPlane:Catalog:PostgresVersions:2"] = "17",
            ["ControlPlane:Messaging:EventsQueue"] = EventsQueue,
            ["ControlPlane:RateLimit:TokensPerPeriod"] = "100000",
            ["ControlPlane:RateLimit:BurstLimit"] = "100000",
            ["ControlPlane:Outbox:PollInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:MassTransit"] = "Information",
        })
        {
            _settings[key] = value;
        }

        Configure(_settings);

        _factory = NewHost();
        if (ListensOnLoopback)
        {
            _factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            _factory.StartServer();
            BaseAddress = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            Http = new HttpClient(new ContractValidatingHandler(GetType().Name) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } })
            {
                BaseAddress = BaseAddress,
            };
        }
        else
        {
            // No redirect handler: a redirect is an answer the tests look at, not one to follow.
            Http = _factory.CreateDefaultClient(BaseAddress, new ContractValidatingHandler(GetType().Name));
        }

        _worker = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(TestServices.RabbitMqUri);
            cfg.ReceiveEndpoint(RegionQueue, e =>
            {
                e.ConfigureConsumeTopology = false;
                e.Handler<ReconcileInstance>(context => Record(context.Message));
                e.Handler<RequestSwitchover>(context => Record(context.Message));
                e.Handler<RequestBackup>(context => Record(context.Message));
            });
        });
        await _worker.StartAsync(startup.Token);
        await WaitForApiBusAsync(startup.Token);
    }

    /// <summary>
    /// Another API process on the same database and broker, as a deployment runs several; disposed with the fixture.
    /// </summary>
    public WebApplicationFactory<Program> StartAnotherHost(Action<IServiceCollection>? services = null)
    {
        var host = NewHost(services);
        _extraHosts.Add(host);
        return host;
    }

    private WebApplicationFactory<Program> NewHost(Action<IServiceCollection>? services = null) => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        web.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in _settings)
        {
            web.UseSetting(key, value);
        }

        web.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(Logs);
        });
        web.ConfigureServices(ConfigureServices);
        if (services is not null)
        {
            web.ConfigureServices(services);
        }
    });

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        foreach (var host in _extraHosts)
        {
            await host.DisposeAsync();
        }

        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (_worker is not null)
        {
            await _worker.StopAsync();
        }

        await DeleteBrokerObjectsAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServices.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{DatabaseName}\" with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task<Tenant> CreateTenantAsync()
    {
        var response = await Support.PostAsync("/v1/organizations", new { name = "org-" + Guid.NewGuid().ToString("N")[..8] });
        Assert.True(response.Status == System.Net.HttpStatusCode.Created, response.ToString());
        var body = response.Json;
        return new Tenant(body["id"]!.GetValue<Guid>(), body["apiKeyId"]!.GetValue<Guid>(), new ApiClient(Http, body["apiKey"]!.GetValue<string>()));
    }

    /// <summary>A valid create request in this fixture's region; tests change what they are about.</summary>
    public Dictionary<string, object?> NewInstance(string? name = null, object? highAvailability = null) => new()
    {
        ["name"] = name ?? "db-" + Guid.NewGuid().ToString("N")[..10],
        ["region"] = Region,
        ["plan"] = "small",
        ["postgresVersion"] = 16,
        ["highAvailability"] = highAvailability,
    };

    public Task PublishAsync<T>(T message, Guid? messageId = null)
        where T : class =>
        _worker!.Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid());

    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private Task Record(object command)
    {
        Commands.Enqueue(command);
        return Task.CompletedTask;
    }

    /// <summary>Events published before the API's bus has bound its queue would be dropped by the broker.</summary>
    protected virtual async Task WaitForApiBusAsync(CancellationToken cancellationToken)
    {
        var bus = Factory.Services.GetRequiredService<IBusControl>();
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task DeleteBrokerObjectsAsync()
    {
        var factory = new ConnectionFactory { Uri = TestServices.RabbitMqUri };
        await using var connection = await factory.CreateConnectionAsync();
        foreach (var name in new[] { RegionQueue, EventsQueue }.SelectMany(n => new[] { n, n + "_error", n + "_skipped" }))
        {
            // Each delete on its own channel: a broker error closes the channel it happened on.
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(name);
            await channel.ExchangeDeleteAsync(name);
        }
    }
}
