using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ControlPlane.Migrations;
using Npgsql;
using RabbitMQ.Client;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// The product as `make run` deploys it: a fresh metadata database, the API and the worker (local driver, fast
/// Patroni timings 10/2/4 so failovers take seconds) as processes, and one organisation with its key. A subclass may
/// ask for several APIs and workers (the production shape), all on the same database, broker and region.
/// </summary>
public class ProductFixture : IAsyncLifetime
{
    private const string EventsQueueSetting = "ControlPlane__Messaging__EventsQueue";
    private readonly string _suffix = Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant();
    private readonly List<ProductProcess> _apis = [];
    private readonly List<ProductProcess> _workers = [];
    private readonly List<HttpClient> _apiClients = [];
    private readonly List<Dictionary<string, string>> _workerEnvironments = [];
    private readonly string _postgresAdmin = TestServices.PostgresAdmin;
    private readonly IReadOnlyDictionary<string, string> _apiSettings = new Dictionary<string, string>();
    private readonly IReadOnlyDictionary<string, string> _workerSettings = new Dictionary<string, string>();
    private readonly int _apiCount = 1;
    private readonly int _workerCount = 1;
    private string? _eventsQueue;

    public ProductFixture()
    {
    }

    /// <summary>For a product on a metadata PostgreSQL of its own (one a test stops on purpose), with extra settings.</summary>
    protected ProductFixture(string postgresAdmin, IReadOnlyDictionary<string, string> apiSettings, IReadOnlyDictionary<string, string> workerSettings) =>
        (_postgresAdmin, _apiSettings, _workerSettings) = (postgresAdmin, apiSettings, workerSettings);

    /// <summary>Several APIs and workers on the shared test servers, with extra worker settings.</summary>
    protected ProductFixture(int apis, int workers, IReadOnlyDictionary<string, string> workerSettings) =>
        (_apiCount, _workerCount, _workerSettings) = (apis, workers, workerSettings);

    /// <summary>The first API, with the organisation's key.</summary>
    public HttpClient Api { get; private set; } = new();

    /// <summary>Every API, each with the organisation's key.</summary>
    public IReadOnlyList<HttpClient> Apis => _apiClients;

    /// <summary>The worker processes; worker i's id in the lease rows is <see cref="WorkerId"/>(i).</summary>
    public IReadOnlyList<ProductProcess> Workers => _workers;

    public string WorkerId(int index) => $"e2e-{_suffix}-worker-{index}";

    public string AdminConnectionString => new NpgsqlConnectionStringBuilder(_postgresAdmin) { Database = Database }.ConnectionString;

    public string DataDirectory => $"/var/tmp/controlplane-e2e/{_suffix}";

    public string Region => "e2e" + _suffix;

    /// <summary>The hosts' logs stay here after the run (the data directory does not).</summary>
    public string LogDirectory => $"/var/tmp/controlplane-e2e-logs/{_suffix}";

    public string Database => "cp_e2e_" + _suffix;

    /// <summary>
    /// The worker's working directory: mode 700 and root's, like root's home where `make run` is often cloned. The
    /// processes it starts as the instances' OS user cannot enter it, so they must never inherit it.
    /// </summary>
    public string WorkerWorkingDirectory => $"/var/tmp/controlplane-e2e-cwd/{_suffix}";

    public string WorkerOutput => string.Join("\n", _workers.Select(w => w.Output));

    public string ApiOutput => string.Join("\n", _apis.Select(a => a.Output));

    public virtual async Task InitializeAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(_postgresAdmin) { Database = Database };
        var workerPassword = TestServices.WorkerDbPassword;
        await Migrator.RunAsync(admin.ConnectionString, workerPassword, CancellationToken.None);

        var apiPort = TestEnvironment.FreePort();
        var portBase = 40000 + (Random.Shared.Next(0, 50) * 200);
        var common = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ControlPlane__DataProtection__MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__ControlPlane.Provisioning.Patroni"] = "Warning",
            ["Logging__LogLevel__System.Net.Http"] = "Warning",
            ["MASSTRANSIT_USAGE_TELEMETRY"] = "false",
        };
        var api = new Dictionary<string, string>(common)
        {
            ["ConnectionStrings__Metadata"] = admin.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = TestServices.RabbitMqApi ?? TestServices.RabbitMq,
            ["ControlPlane__Auth__BootstrapSupportKey"] = "e2e-support-key",
            ["ControlPlane__Catalog__Regions__0"] = Region,
            ["ControlPlane__RateLimit__TokensPerPeriod"] = "1000",
            ["ControlPlane__RateLimit__BurstLimit"] = "1000",
            ["ControlPlane__Outbox__PollInterval"] = "00:00:00.200",
            // Every bound events queue gets a copy of every event; sharing the default name with another product on
            // the same broker would make the two compete for one queue, and each would drop the other's events.
            [EventsQueueSetting] = "controlplane-events-e2e-" + _suffix,
        };
        var worker = new Dictionary<string, string>(common)
        {
            ["ConnectionStrings__WorkerMetadata"] = new NpgsqlConnectionStringBuilder(admin.ConnectionString)
            {
                Username = "controlplane_worker",
                Password = workerPassword,
            }.ConnectionString,
            ["ConnectionStrings__RabbitMq"] = TestServices.RabbitMqWorker ?? TestServices.RabbitMq,
            ["ControlPlane__Worker__Region"] = Region,
            ["ControlPlane__Provisioning__Driver"] = "local",
            ["ControlPlane__Provisioning__Local__DataDirectory"] = DataDirectory,
            // The backups of these instances go with them, not into the installation's repository under /var/tmp/controlplane.
            ["ControlPlane__Provisioning__Local__Backups__RepositoryDirectory"] = DataDirectory + "/.repository",
            // A restore can reach a time once the WAL after it is archived and reported: seconds here, not minutes.
            ["ControlPlane__Provisioning__Local__Backups__ArchiveTimeout"] = "00:00:10",
            ["ControlPlane__Worker__Reconciler__ArchivingReportInterval"] = "00:00:05",
            ["ControlPlane__Provisioning__Local__PortRangeStart"] = portBase.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ControlPlane__Provisioning__Local__PortRangeEnd"] = (portBase + 199).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ControlPlane__Provisioning__Local__TtlSeconds"] = "10",
            ["ControlPlane__Provisioning__Local__LoopWaitSeconds"] = "2",
            ["ControlPlane__Provisioning__Local__RetryTimeoutSeconds"] = "4",
            ["ControlPlane__Provisioning__Local__SupervisionInterval"] = "00:00:01",
            ["ControlPlane__Health__Interval"] = "00:00:01",
            ["ControlPlane__Health__HeartbeatInterval"] = "00:00:15",
            ["ControlPlane__Worker__Reconciler__InitialBackoff"] = "00:00:00.500",
            ["ControlPlane__Worker__Reconciler__MaxBackoff"] = "00:00:05",
        };

        foreach (var (name, value) in _apiSettings)
        {
            api[name] = value;
        }

        _eventsQueue = api[EventsQueueSetting];

        foreach (var (name, value) in _workerSettings)
        {
            worker[name] = value;
        }

        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The end-to-end tests run the local driver, which runs on Linux only.");
        }

        Directory.CreateDirectory(WorkerWorkingDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(WorkerWorkingDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        for (var i = 0; i < _apiCount; i++)
        {
            var port = i == 0 ? apiPort : TestEnvironment.FreePort();
            _apis.Add(ProductProcess.Start(TestEnvironment.HostDll("ControlPlane.Api"), api, Path.Combine(LogDirectory, i == 0 ? "api.log" : $"api-{i}.log"),
                null, "--urls", $"http://127.0.0.1:{port}"));
            _apiClients.Add(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) });
        }

        for (var i = 0; i < _workerCount; i++)
        {
            // Each worker's health and metrics port of its own: the default (8090) may be a `make run` worker's.
            var settings = new Dictionary<string, string>(worker)
            {
                ["ControlPlane__Worker__Endpoints__Url"] = $"http://127.0.0.1:{TestEnvironment.FreePort()}",
            };
            if (_workerCount > 1)
            {
                settings["ControlPlane__Worker__Ownership__WorkerId"] = WorkerId(i);
            }

            _workerEnvironments.Add(settings);
            _workers.Add(ProductProcess.Start(TestEnvironment.HostDll("ControlPlane.Worker"), settings,
                Path.Combine(LogDirectory, i == 0 ? "worker.log" : $"worker-{i}.log"), WorkerWorkingDirectory));
        }

        Api = _apiClients[0];
        foreach (var client in _apiClients)
        {
            await WaitUntilAsync($"the API at {client.BaseAddress} answers /healthz", async () =>
            {
                try
                {
                    return (await client.GetAsync("/healthz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, TimeSpan.FromSeconds(60));
        }

        var created = await Api.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/organizations")
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "e2e-support-key") },
            Content = JsonContent.Create(new { name = "e2e-" + _suffix }),
        });
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>())!["apiKey"]!.GetValue<string>();
        foreach (var client in _apiClients)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        foreach (var api in _apis)
        {
            await api.DisposeAsync();
        }

        LocalClusters.KillEverythingUnder(DataDirectory);
        await DeleteBrokerObjectsAsync();
        if (Directory.Exists(WorkerWorkingDirectory))
        {
            Directory.Delete(WorkerWorkingDirectory, recursive: true);
        }

        foreach (var client in _apiClients)
        {
            client.Dispose();
        }

        Api.Dispose();
    }

    /// <summary>This product's queues go with it: a queue left bound to the events exchange keeps a copy of every later event.</summary>
    private async Task DeleteBrokerObjectsAsync()
    {
        var factory = new ConnectionFactory { Uri = TestServices.RabbitMqUri };
        await using var connection = await factory.CreateConnectionAsync();
        var queues = new[] { _eventsQueue, "controlplane-region-" + Region }.OfType<string>();
        foreach (var name in queues.SelectMany(n => new[] { n, n + "_error", n + "_skipped" }))
        {
            // Each delete on its own channel: a broker error closes the channel it happened on.
            await using var channel = await connection.CreateChannelAsync();
            await channel.QueueDeleteAsync(name);
            await channel.ExchangeDeleteAsync(name);
        }
    }

    /// <summary>Starts worker <paramref name="index"/> again after a test killed it (same id, a log file of its own).</summary>
    public async Task RestartWorkerAsync(int index)
    {
        await _workers[index].DisposeAsync();
        _workers[index] = ProductProcess.Start(TestEnvironment.HostDll("ControlPlane.Worker"), _workerEnvironments[index],
            Path.Combine(LogDirectory, $"worker-{index}-{DateTime.UtcNow:HHmmss}.log"), WorkerWorkingDirectory);
    }

    public async Task<JsonObject> GetJsonAsync(string path)
    {
        var response = await Api.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Polls (never a fixed sleep) until <paramref name="condition"/> holds; fails with what it waited for and the worker's log tail.</summary>
    public async Task WaitUntilAsync(string what, Func<Task<bool>> condition, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        var tail = WorkerOutput.Length > 6000 ? WorkerOutput[^6000..] : WorkerOutput;
        throw new TimeoutException($"Timed out after {timeout} waiting until {what}. Logs: {LogDirectory}\nWorker log tail:\n{tail}");
    }

    public async Task<JsonObject> WaitForInstanceAsync(string id, Func<JsonObject, bool> condition, string what, TimeSpan timeout)
    {
        JsonObject? last = null;
        try
        {
            await WaitUntilAsync(what, async () =>
            {
                last = await GetJsonAsync($"/v1/instances/{id}");
                return condition(last);
            }, timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nLast seen: {Describe(last)}", ex);
        }

        return last!;
    }

    public static string Describe(JsonNode? node) => node?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "null";
}
