using System.Diagnostics;
using System.Globalization;
using ControlPlane.Kubernetes.Fake;
using Npgsql;

namespace ControlPlane.Bench;

/// <summary>
/// Figure 3: a worker process on the Kubernetes driver, pointed at the Kubernetes API test double (run inside this
/// bench process), reconciles every instance of its region from a cold start. The resync ends when the API has
/// recorded every instance as available (the worker's InstanceReady events, through RabbitMQ).
/// </summary>
public sealed class WorkerScaleBench(BenchSettings settings, Product product)
{
    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        var count = settings.ResyncInstances;
        using var support = product.Client();
        var (_, key) = await product.CreateOrganizationAsync(support, "bench-k8s", cancellationToken);
        using var member = product.Client(key);
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => await Product.CreateInstanceAsync(member, $"k8s-{i}", Regions.Kubernetes, 2, ct));

        await using var kubernetes = await FakeKubernetesApi.StartAsync(new FakeKubernetesOptions { WatchHistoryWindow = 1_000_000 }, cancellationToken);
        var clock = Stopwatch.StartNew();
        var workerSettings = new Dictionary<string, string>
        {
            ["ControlPlane__Provisioning__Driver"] = "kubernetes",
            ["ControlPlane__Provisioning__Kubernetes__ApiServerUrl"] = kubernetes.Url.ToString(),
            // No Patroni or PostgreSQL answers behind the double's pods.
            ["ControlPlane__Provisioning__Kubernetes__ManagePatroniConfig"] = "false",
            ["ControlPlane__Provisioning__Kubernetes__ManageApplicationDatabase"] = "false",
        };
        if (settings.Reconcilers is { } reconcilers)
        {
            workerSettings["ControlPlane__Worker__Reconciler__Workers"] = reconcilers.ToString(CultureInfo.InvariantCulture);
        }

        if (Environment.GetEnvironmentVariable("BENCH_WORKER_LOG_LEVEL") is { Length: > 0 } level)
        {
            // Diagnosis only (e.g. Information): timestamped lines show where the worker's start-up goes.
            workerSettings["Logging__LogLevel__Default"] = level;
            workerSettings["Logging__Console__TimestampFormat"] = "HH:mm:ss.fff ";
        }

        await using var worker = product.StartWorker(Regions.Kubernetes, workerSettings, "worker-k8s.log");
        var reconcilersNote = settings.Reconcilers is { } n ? $"{n} reconcile loops (--reconcilers)" : "the default reconcile loops (16)";

        var available = 0L;
        var nextProgress = TimeSpan.FromSeconds(5);
        try
        {
            await Wait.UntilAsync($"{count} instances are available", async () =>
            {
                available = await AvailableAsync(cancellationToken);
                if (clock.Elapsed >= nextProgress)
                {
                    // Where the time goes: start-up (no requests yet), Kubernetes calls, or events not yet recorded.
                    nextProgress += TimeSpan.FromSeconds(5);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"bench: {clock.Elapsed.TotalSeconds:F0} s: {available}/{count} available, {kubernetes.Requests.Count} Kubernetes requests"));
                }

                return available >= count || worker.HasExited;
            }, TimeSpan.FromMinutes(settings.Quick ? 1 : 5), cancellationToken, 200);
        }
        catch (TimeoutException)
        {
            // Reported as a missed target with what was reached.
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        if (worker.HasExited)
        {
            throw new InvalidOperationException($"the Kubernetes worker exited; see {product.LogDirectory}/worker-k8s.log");
        }

        var cpu = ProcessStats.CpuSeconds(worker.Pid);
        var peakMb = ProcessStats.PeakResidentKb(worker.Pid) / 1024.0;
        var requests = kubernetes.Requests.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench: resync of {available}/{count} instances in {elapsed:F1} s, {requests} Kubernetes requests, worker peak RSS {peakMb:F0} MB"));
        Console.WriteLine($"bench: Kubernetes requests per instance by verb and resource: {RequestBreakdown.Describe(kubernetes.Requests, count)}");
        var done = available >= count;
        var scaled = count == 1_000;
        figures.Add(new Figure("worker", $"full resync of {count} instances (worker start → all available)", elapsed, "s",
            Target: scaled ? "< 30 s" : "< 30 s at 1,000", Met: scaled ? done && elapsed < 30 : null,
            Note: (done ? "includes the worker's start-up; " : $"only {available} available before the timeout; ") + reconcilersNote));
        figures.Add(new Figure("worker", "Kubernetes requests per instance", (double)requests / count, "req"));
        figures.Add(new Figure("worker", "worker peak RSS during the resync", peakMb, "MB",
            Target: "< 300 MB", Met: scaled ? peakMb < 300 : null));
        figures.Add(new Figure("worker", "worker CPU during the resync (share of one core)", cpu / elapsed, "cores"));

        // Steady state: the health monitor follows every instance; Patroni does not answer behind the double.
        var window = settings.Quick ? 2 : 15;
        var before = ProcessStats.CpuSeconds(worker.Pid);
        await Task.Delay(TimeSpan.FromSeconds(window), cancellationToken);
        var share = (ProcessStats.CpuSeconds(worker.Pid) - before) / window;
        figures.Add(new Figure("worker", $"worker steady state CPU, {count} instances (share of one core)", share, "cores",
            Note: "health probes get no Patroni answer behind the test double"));
        figures.Add(new Figure("worker", $"worker steady state RSS, {count} instances", ProcessStats.ResidentKb(worker.Pid) / 1024.0, "MB"));
        return figures;
    }

    private async Task<long> AvailableAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(product.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select count(*) from instances where region = @region and status = 'available'", connection);
        command.Parameters.AddWithValue("region", Regions.Kubernetes);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
