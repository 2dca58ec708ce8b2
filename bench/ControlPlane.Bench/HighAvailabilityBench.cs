using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace ControlPlane.Bench;

/// <summary>
/// Figure 4, for real: a worker on the local driver runs each instance as Patroni + PostgreSQL + HAProxy processes.
/// Create → available per HA shape; with replicas, kill -9 of the leader's Patroni and postmaster, then the time until
/// the failover event is recorded and the write downtime seen by a client, against Patroni's own promotion time
/// (the new leader's GET /history). Medians over the runs.
/// </summary>
public sealed class HighAvailabilityBench(BenchSettings settings, Product product)
{
    private const string Timings = "Patroni ttl 10 s, loop_wait 2 s, retry_timeout 4 s";

    private string DataDirectory => Path.Combine(settings.StateDirectory, "local");

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        using var support = product.Client();
        var (_, key) = await product.CreateOrganizationAsync(support, "bench-local", cancellationToken);
        using var member = product.Client(key);
        await using var worker = product.StartWorker(Regions.Local, new Dictionary<string, string>
        {
            ["ControlPlane__Provisioning__Driver"] = "local",
            ["ControlPlane__Provisioning__Local__DataDirectory"] = DataDirectory,
            // The backups of these instances go with them, not into the installation's repository under /var/tmp/controlplane.
            ["ControlPlane__Provisioning__Local__Backups__RepositoryDirectory"] = DataDirectory + "/.repository",
            ["ControlPlane__Provisioning__Local__PortRangeStart"] = "52000",
            ["ControlPlane__Provisioning__Local__PortRangeEnd"] = "52399",
            ["ControlPlane__Provisioning__Local__TtlSeconds"] = "10",
            ["ControlPlane__Provisioning__Local__LoopWaitSeconds"] = "2",
            ["ControlPlane__Provisioning__Local__RetryTimeoutSeconds"] = "4",
            ["ControlPlane__Provisioning__Local__SupervisionInterval"] = "00:00:01",
            ["ControlPlane__Worker__Reconciler__InitialBackoff"] = "00:00:00.500",
            ["ControlPlane__Worker__Reconciler__MaxBackoff"] = "00:00:05",
        }, "worker-local.log");

        try
        {
            foreach (var replicas in settings.HighAvailabilityReplicas)
            {
                var ready = new List<double>();
                var eventAfterKill = new List<double>();
                var eventAfterPromotion = new List<double>();
                var promotion = new List<double>();
                var downtime = new List<double>();
                for (var run = 0; run < settings.HighAvailabilityRuns; run++)
                {
                    var clock = Stopwatch.StartNew();
                    var id = await Product.CreateInstanceAsync(member, $"ha{replicas}-{run}", Regions.Local, replicas, cancellationToken);
                    var instance = await WaitForInstanceAsync(member, id, i => Text(i, "status") == "available", TimeSpan.FromMinutes(3), cancellationToken);
                    ready.Add(clock.Elapsed.TotalSeconds);
                    if (replicas > 0)
                    {
                        var failover = await FailoverAsync(member, id, replicas, cancellationToken);
                        eventAfterKill.Add(failover.EventAfterKill);
                        eventAfterPromotion.Add(failover.EventAfterPromotion);
                        promotion.Add(failover.Promotion);
                        downtime.Add(failover.Downtime);
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"bench: HA replicas={replicas} run {run + 1}: available after {ready[^1]:F1} s{(replicas > 0 ? $", failover event {eventAfterKill[^1]:F1} s after the kill, write downtime {downtime[^1]:F1} s" : "")} ({Text(instance, "name")})"));
                    await member.DeleteAsync($"/v1/instances/{id}", cancellationToken);
                    await WaitForInstanceAsync(member, id, i => Text(i, "status") == "deleted", TimeSpan.FromMinutes(1), cancellationToken);
                }

                var shape = replicas == 0 ? "HA off" : $"HA, {replicas} replica{(replicas > 1 ? "s" : "")}";
                var runs = $"median of {ready.Count}";
                figures.Add(new Figure("ha", $"create → available, {shape}", Percentiles.Median(ready), "s", Note: runs));
                if (replicas > 0)
                {
                    var late = Percentiles.Median(eventAfterPromotion);
                    figures.Add(new Figure("ha", $"kill -9 leader → Patroni promotion, {shape}", Percentiles.Median(promotion), "s", Note: $"{runs}; {Timings}"));
                    figures.Add(new Figure("ha", $"kill -9 leader → failover event recorded, {shape}", Percentiles.Median(eventAfterKill), "s", Note: runs));
                    figures.Add(new Figure("ha", $"failover event recorded after Patroni's promotion, {shape}", late, "s",
                        Target: "≤ 1 s", Met: late <= 1, Note: runs));
                    figures.Add(new Figure("ha", $"write downtime (client every 100 ms), {shape}", Percentiles.Median(downtime), "s", Note: runs));
                }
            }
        }
        finally
        {
            await worker.DisposeAsync();
            KillEverythingUnder(DataDirectory);
        }

        return figures;
    }

    private async Task<(double EventAfterKill, double EventAfterPromotion, double Promotion, double Downtime)> FailoverAsync(
        HttpClient member, Guid id, int replicas, CancellationToken cancellationToken)
    {
        var healthy = await WaitForInstanceAsync(member, id,
            i => Text(i, "health") == "healthy" && i["currentPrimary"] is not null, TimeSpan.FromMinutes(2), cancellationToken);
        await Wait.UntilAsync("every member reports", async () =>
        {
            var health = (await member.GetFromJsonAsync<JsonObject>($"/v1/instances/{id}/health", cancellationToken))!;
            return health["members"]!.AsArray().Count == replicas + 1;
        }, TimeSpan.FromMinutes(2), cancellationToken, 250);

        var leader = Text(healthy, "currentPrimary");
        var connection = (await member.GetFromJsonAsync<JsonObject>($"/v1/instances/{id}/connection", cancellationToken))!;
        string Endpoint(string which) => new NpgsqlConnectionStringBuilder
        {
            Host = connection[which]!["host"]!.GetValue<string>(),
            Port = connection[which]!["port"]!.GetValue<int>(),
            Database = connection["database"]!.GetValue<string>(),
            Username = connection["username"]!.GetValue<string>(),
            Password = connection["password"]!.GetValue<string>(),
            Pooling = false,
            Timeout = 2,
        }.ConnectionString;

        var probe = new WriteProbe(Endpoint("primary"));
        await probe.PrepareAsync(cancellationToken);
        await WriteProbe.WaitUntilReplicatedAsync(Endpoint("readOnly"), replicas, cancellationToken);
        using var stopProbe = new CancellationTokenSource();
        var writing = probe.RunAsync(stopProbe.Token);
        await Task.Delay(500, cancellationToken);

        var slot = Path.Combine(DataDirectory, id.ToString(), $"slot-{Slot(leader)}");
        var killedAt = DateTimeOffset.UtcNow;
        foreach (var pidFile in new[] { Path.Combine(slot, "patroni.pid"), Path.Combine(slot, "data", "postmaster.pid") })
        {
            KillHard(pidFile);
        }

        JsonNode? failover = null;
        await Wait.UntilAsync("the failover event is recorded", async () =>
        {
            var events = (await member.GetFromJsonAsync<JsonObject>($"/v1/instances/{id}/events?type=failover&pageSize=10", cancellationToken))!;
            failover = events["items"]!.AsArray().FirstOrDefault();
            return failover is not null;
        }, TimeSpan.FromMinutes(2), cancellationToken);
        var recordedAt = DateTimeOffset.Parse(failover!["recordedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var newLeader = failover["leaderChange"]!["newPrimary"]!.GetValue<string>();

        await Wait.UntilAsync("writes succeed again", () => Task.FromResult(probe.Recovered), TimeSpan.FromMinutes(1), cancellationToken);
        await stopProbe.CancelAsync();
        await writing;

        var promotedAt = await PromotionTimeAsync(id, Slot(newLeader), cancellationToken);
        return ((recordedAt - killedAt).TotalSeconds, (recordedAt - promotedAt).TotalSeconds, (promotedAt - killedAt).TotalSeconds, probe.DowntimeSeconds());
    }

    /// <summary>Patroni's own record: the newest entry of GET /history on the new leader, [timeline, lsn, reason, timestamp, leader].</summary>
    private async Task<DateTimeOffset> PromotionTimeAsync(Guid id, int slot, CancellationToken cancellationToken)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DataDirectory, id.ToString(), $"slot-{slot}", "patroni.yml"), cancellationToken))!;
        var listen = config["restapi"]!["listen"]!.GetValue<string>();
        using var patroni = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        JsonArray history = [];
        await Wait.UntilAsync($"Patroni's history on {listen} shows the promotion", async () =>
        {
            history = (await patroni.GetFromJsonAsync<JsonArray>($"http://{listen}/history", cancellationToken))!;
            return history.Count > 0;
        }, TimeSpan.FromSeconds(30), cancellationToken, 250);
        var newest = history[history.Count - 1]!.AsArray();
        return DateTimeOffset.Parse(newest[3]!.GetValue<string>(), CultureInfo.InvariantCulture);
    }

    private static async Task<JsonObject> WaitForInstanceAsync(HttpClient member, Guid id, Func<JsonObject, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        JsonObject last = [];
        await Wait.UntilAsync($"instance {id} reaches the wanted state", async () =>
        {
            last = (await member.GetFromJsonAsync<JsonObject>($"/v1/instances/{id}", cancellationToken))!;
            return condition(last);
        }, timeout, cancellationToken);
        return last;
    }

    private static string Text(JsonObject node, string property) => node[property]?.GetValue<string>() ?? "";

    private static int Slot(string member) => int.Parse(member[(member.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);

    private static void KillHard(string pidFile)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).FirstOrDefault()?.Trim(), out var pid))
        {
            return;
        }

        try
        {
            // Process.Kill is SIGKILL on Linux: the leader vanishes without a word.
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    /// <summary>No Patroni, postmaster or HAProxy of the bench outlives it: each names the data directory in its argv.</summary>
    private static void KillEverythingUnder(string directory)
    {
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(directory, StringComparison.Ordinal))
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // The process ended while we looked.
            }
        }
    }
}
