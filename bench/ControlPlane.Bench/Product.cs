using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ControlPlane.Migrations;
using Npgsql;

namespace ControlPlane.Bench;

/// <summary>
/// The product as deployed: a fresh metadata database, the API in Production with a real bootstrap support key and
/// raised rate limits (the bench measures the service, not the per-key limiter), and workers started on demand.
/// </summary>
public sealed class Product(BenchSettings settings) : IAsyncDisposable
{
    public const string Database = "controlplane_bench";

    private readonly string _supportKey = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
    private readonly string _workerPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
    private readonly string _masterKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly List<(HostProcess Process, Uri Url)> _apis = [];

    /// <summary>The API under test; the read path, the create maximum and the CPU accounts measure this one.</summary>
    public HostProcess? ApiProcess => _apis.Count > 0 ? _apis[0].Process : null;

    public Uri ApiUrl => _apis.Count > 0 ? _apis[0].Url : new Uri("http://127.0.0.1/");

    /// <summary>Every API process, the first one included: the steady hand-off splits its creates between them.</summary>
    public IReadOnlyList<Uri> ApiUrls => [.. _apis.Select(a => a.Url)];

    public string ConnectionString => settings.AdminConnectionString(Database);

    public string LogDirectory => Path.Combine(settings.StateDirectory, "logs");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var admin = new NpgsqlConnection(settings.AdminConnectionString("postgres")))
        {
            await admin.OpenAsync(cancellationToken);
            await using var drop = new NpgsqlCommand($"drop database if exists {Database} with (force)", admin);
            await drop.ExecuteNonQueryAsync(cancellationToken);
        }

        await Migrator.RunAsync(ConnectionString, _workerPassword, cancellationToken);

        var environment = new Dictionary<string, string>(Common())
        {
            ["ConnectionStrings__Metadata"] = new NpgsqlConnectionStringBuilder(ConnectionString) { MaxPoolSize = 100 }.ConnectionString,
            ["ControlPlane__Auth__BootstrapSupportKey"] = _supportKey,
            ["ControlPlane__RateLimit__TokensPerPeriod"] = "1000000",
            ["ControlPlane__RateLimit__BurstLimit"] = "1000000",
            // The bench creates tens of thousands of instances in one organisation: quotas are measured, not hit.
            ["ControlPlane__Quotas__MaxInstances"] = "1000000",
            ["ControlPlane__Quotas__MaxStorageGb"] = "2000000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        for (var i = 0; i < Regions.All.Length; i++)
        {
            environment[$"ControlPlane__Catalog__Regions__{i}"] = Regions.All[i];
        }

        // Production runs several API processes on one outbox: a row one of them commits may be sent by another's dispatcher.
        for (var i = 0; i < settings.Apis; i++)
        {
            var url = HostProcess.FreeLoopbackUrl();
            var log = Path.Combine(LogDirectory, i == 0 ? "api.log" : $"api-{i + 1}.log");
            _apis.Add((HostProcess.Start(settings.HostDll("ControlPlane.Api"), environment, log, "--urls", url.ToString()), url));
        }

        foreach (var (_, url) in _apis)
        {
            await HostProcess.WaitUntilReadyAsync("the API at " + url, url, cancellationToken);
        }
    }

    /// <summary>A worker process for one region; extra settings choose and tune its driver.</summary>
    public HostProcess StartWorker(string region, IReadOnlyDictionary<string, string> driverSettings, string logName)
    {
        var environment = new Dictionary<string, string>(Common())
        {
            ["ConnectionStrings__WorkerMetadata"] = new NpgsqlConnectionStringBuilder(ConnectionString)
            {
                Username = "controlplane_worker",
                Password = _workerPassword,
            }.ConnectionString,
            ["ControlPlane__Worker__Region"] = region,
            // Its health and metrics port of its own: the default (8090) may be a `make run` worker's.
            ["ControlPlane__Worker__Endpoints__Url"] = HostProcess.FreeLoopbackUrl().ToString().TrimEnd('/'),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in driverSettings)
        {
            environment[key] = value;
        }

        return HostProcess.Start(settings.HostDll("ControlPlane.Worker"), environment, Path.Combine(LogDirectory, logName));
    }

    public HttpClient Client(string? apiKey = null, Uri? api = null)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var client = new HttpClient(handler) { BaseAddress = api ?? ApiUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey ?? _supportKey);
        return client;
    }

    /// <summary>An organisation and its member key, through the API as a provider would create it.</summary>
    public async Task<(Guid Id, string Key)> CreateOrganizationAsync(HttpClient support, string name, CancellationToken cancellationToken)
    {
        var response = await support.PostAsJsonAsync("/v1/organizations", new { name }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        return (Guid.Parse(body["id"]!.GetValue<string>()), body["apiKey"]!.GetValue<string>());
    }

    public static async Task<Guid> CreateInstanceAsync(HttpClient member, string name, string region, int replicas, CancellationToken cancellationToken)
    {
        object highAvailability = replicas == 0
            ? new { enabled = false }
            : new { enabled = true, replicas, replicationMode = "asynchronous" };
        var response = await member.PostAsJsonAsync("/v1/instances",
            new { name, region, plan = "small", postgresVersion = 15, highAvailability }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"create {name} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        return Guid.Parse(body["id"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, _) in _apis)
        {
            await process.DisposeAsync();
        }
    }

    private Dictionary<string, string> Common() => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["ConnectionStrings__RabbitMq"] = settings.RabbitMqUri,
        ["ControlPlane__DataProtection__MasterKey"] = _masterKey,
        ["MASSTRANSIT_USAGE_TELEMETRY"] = "false",
    };
}
