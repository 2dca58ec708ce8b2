using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.Patroni;
using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using ControlPlane.Provisioning.Patroni;
using ControlPlane.Provisioning.Ownership;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>
/// One test's world: its own data directory under /var/tmp and its own port range, the driver built through
/// <c>AddLocalDriver</c> at fast Patroni timings (10/2/4), and a teardown that leaves no process behind.
/// </summary>
internal sealed class LocalDriverHarness : IAsyncDisposable
{
    private static int s_next;
    private readonly List<ServiceProvider> _providers = [];
    private readonly Dictionary<string, string?> _settings;
    private readonly ITestOutputHelper _output;

    public LocalDriverHarness(ITestOutputHelper output)
    {
        _output = output;
        var index = Interlocked.Increment(ref s_next);
        // Each test gets its own port range; the allocator still skips any port something else holds. Below Linux's
        // ephemeral range (32768-60999): there a client connection's local port could take a port allocated a moment
        // earlier, and Patroni then fails to bind its REST API (seen with restored instances started after many connections).
        var firstPort = 31000 + (index % 20 * 40);
        DataDirectory = $"/var/tmp/cp-local-{Guid.NewGuid():N}"[..27];
        _settings = new Dictionary<string, string?>
        {
            [$"{LocalDriverOptions.SectionName}:DataDirectory"] = DataDirectory,
            [$"{LocalDriverOptions.SectionName}:PortRangeStart"] = firstPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{LocalDriverOptions.SectionName}:PortRangeEnd"] = (firstPort + 39).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{LocalDriverOptions.SectionName}:TtlSeconds"] = "10",
            [$"{LocalDriverOptions.SectionName}:LoopWaitSeconds"] = "2",
            [$"{LocalDriverOptions.SectionName}:RetryTimeoutSeconds"] = "4",
            [$"{LocalDriverOptions.SectionName}:SupervisionInterval"] = "00:00:01",
            [$"{LocalDriverOptions.SectionName}:MemoryScale"] = "0.0625",
            // Inside the test's directory, so the teardown removes it with everything else.
            [$"{ControlPlane.Provisioning.Local.Backups.PgBackRestOptions.SectionName}:RepositoryDirectory"] = $"{DataDirectory}/.repository",
        };
        Services = Build();
    }

    public string DataDirectory { get; }

    public ServiceProvider Services { get; private set; }

    /// <summary>Shared by every provider built here: ownership lives in the database, not in one process.</summary>
    public OwnsEverything Ownership { get; } = new();

    public IInstanceDriver Driver => Services.GetRequiredService<IInstanceDriver>();

    public LocalMemberSupervisor Supervisor => Services.GetRequiredService<LocalMemberSupervisor>();

    public InstanceStateStore Store => Services.GetRequiredService<InstanceStateStore>();

    public Provisioning.Backups.IBackupEngine Backups => Services.GetRequiredService<Provisioning.Backups.IBackupEngine>();

    public string RepositoryDirectory => $"{DataDirectory}/.repository";

    public PatroniClient Patroni => Services.GetRequiredKeyedService<PatroniClient>(PatroniClient.DriverKey);

    /// <summary>A second driver on the same data directory, as a restarted worker would build it.</summary>
    public ServiceProvider Build()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(new XunitLoggerProvider(_output)).SetMinimumLevel(LogLevel.Information))
            .AddSingleton<IInstanceOwnership>(Ownership)
            .AddLocalDriver(configuration)
            .BuildServiceProvider();
        _providers.Add(services);
        return services;
    }

    public async Task<ReconcileResult> ReconcileUntilReadyAsync(DesiredInstance desired, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        ReconcileResult? last = null;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                var previous = last?.Message;
                last = await Driver.ReconcileAsync(desired, cancellation.Token);
                if (last.Message != previous)
                {
                    _output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} reconcile {last.Step}: {last.Message}");
                }

                if (last.Ready || last.PermanentFailure is not null)
                {
                    return last;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or Npgsql.NpgsqlException)
            {
                _output.WriteLine($"transient: {exception.Message}");
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                break;
            }

            await Task.Delay(last?.RequeueAfter ?? TimeSpan.FromSeconds(1), CancellationToken.None);
        }

        WriteMemberLogs(desired);
        throw new TimeoutException($"{desired.Name} was not ready after {timeout}; last step {last?.Step}: {last?.Message}");
    }

    /// <summary>The end of each member's Patroni log, for a test that timed out (the teardown removes the files).</summary>
    public void WriteMemberLogs(DesiredInstance desired)
    {
        var layout = Store.Layout(desired.InstanceId);
        for (var slot = 0; slot < InstanceState.SlotCount; slot++)
        {
            if (File.Exists(layout.PatroniLog(slot)))
            {
                _output.WriteLine($"--- {layout.PatroniLog(slot)}");
                foreach (var line in File.ReadAllLines(layout.PatroniLog(slot)).TakeLast(40))
                {
                    _output.WriteLine(line);
                }
            }
        }
    }

    public async Task<ClusterView> ClusterAsync(DesiredInstance desired) =>
        await Services.GetRequiredService<ClusterObserver>().ObserveAsync(Store.Read(desired.InstanceId)!, CancellationToken.None) ?? new ClusterView([]);

    /// <summary>Polls <paramref name="condition"/> (never sleeps blindly) until it holds or the timeout passes.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        T? last = default;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                if (condition(last))
                {
                    return last;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
            {
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300));
        }

        throw new TimeoutException($"Timed out after {timeout} waiting for {what}; last observed: {last}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var provider in _providers)
            {
                await provider.GetRequiredService<LocalMemberSupervisor>().StopAsync(CancellationToken.None);
            }

            foreach (var state in Store.ReadAll())
            {
                var desired = TestInstances.Desired(TestInstances.Ha(0), state.Name, state.InstanceId);
                await Driver.DeleteAsync(desired, CancellationToken.None);
            }
        }
        finally
        {
            // The safety net for a failed test or a failed delete: nothing started from this directory survives the test.
            foreach (var pid in ProcessInspector.FindByCommandLine(DataDirectory))
            {
                ProcessInspector.Signal(pid, NativeMethods.SigKill);
            }

            foreach (var provider in _providers)
            {
                await provider.DisposeAsync();
            }

            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
    }
}
