using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ControlPlane.Bench;

/// <summary>
/// Figure 2: POST /v1/instances at full speed (wrk) against pgbench TPC-B at the same client count; the outbox hand-off
/// latency at that maximum and at a steady 200 creates/s; and every created row matched by a received command.
/// </summary>
public sealed class WritePathBench(BenchSettings settings, Product product, Wrk wrk, PgBench pgbench)
{
    /// <summary>Set when a command went missing: the run must fail loudly.</summary>
    public string? LostCommands { get; private set; }

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        using var support = product.Client();
        var (_, key) = await product.CreateOrganizationAsync(support, "bench-write", cancellationToken);
        await using var recorder = new CommandRecorder(settings, Regions.Write);
        await recorder.StartAsync(cancellationToken);

        // Warm-up (JIT tiering, pools, the key cache); these rows count like any other below. The figures after it are the
        // long-running service's; what a freshly started create path manages is reported too.
        var clients = settings.WriteConnections;
        var cold = await wrk.RunAsync(product.ApiUrl, clients, settings.WarmUpSeconds, ["create", key, "warm"], cancellationToken);
        figures.Add(new Figure("write", $"POST /v1/instances c={clients} creates/s in the first {settings.WarmUpSeconds} s of load (warm-up)",
            cold.RequestsPerSecond, "req/s", Note: string.Create(CultureInfo.InvariantCulture, $"p99 {cold.P99Ms:F1} ms; not measured against a target")));

        // Maximum: wrk for the create rate, and the hand-off of the commands those creates produced.
        var (ceiling, ceilingCpu) = await pgbench.CeilingAsync("write", clients, selectOnly: false, cancellationToken);
        figures.Add(ceilingCpu);
        var maxStart = DateTimeOffset.UtcNow;
        var cpu = CpuAccount.Start(settings, product.ApiProcess!.Pid);
        var max = await wrk.RunAsync(product.ApiUrl, clients, settings.WrkSeconds, ["create", key, "max"], cancellationToken);
        var note = cpu.Stop(max.Requests).Describe();
        var maxEnd = DateTimeOffset.UtcNow;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench: POST /v1/instances c={clients}: {max.RequestsPerSecond:F0} creates/s, p99 {max.P99Ms:F1} ms (pgbench TPC-B {ceiling:F0} tps)"));
        figures.Add(new Figure("write", $"POST /v1/instances c={clients} creates/s", max.RequestsPerSecond, "req/s", ceiling, $"pgbench TPC-B c={clients} tps",
            "≥ 0.3 of TPC-B", max.RequestsPerSecond / ceiling >= 0.3, max.Failed > 0 ? $"{note}; {max.Failed} failed of {max.Requests}" : note));
        figures.Add(new Figure("write", $"POST /v1/instances c={clients} p99", max.P99Ms, "ms"));
        figures.Add(new Figure("memory", "API RSS after the create load (peak VmHWM)", ProcessStats.PeakResidentKb(product.ApiProcess.Pid) / 1024.0, "MB"));

        await WaitForAllCommandsAsync(recorder, TimeSpan.FromSeconds(60), cancellationToken);
        var atMax = recorder.Received.Values.Where(h => h.RequestedAt >= maxStart && h.RequestedAt <= maxEnd).Select(h => h.LatencyMs).ToList();
        figures.Add(new Figure("write", "outbox hand-off at max rate p50", Percentiles.Median(atMax), "ms"));
        figures.Add(new Figure("write", "outbox hand-off at max rate p99", Percentiles.Of(atMax, 99), "ms"));

        // The steady rate alternates between the APIs: the others get the warm-up the first had, or their JIT tiering is
        // what the tail measures.
        await WarmUpAsync(key, product.ApiUrls.Skip(1), figures, cancellationToken);
        await WaitForAllCommandsAsync(recorder, TimeSpan.FromSeconds(60), cancellationToken);
        await SteadyHandOffAsync(key, recorder, figures, cancellationToken);
        CountLost(figures, recorder, await CountRowsAsync(cancellationToken));
        return figures;
    }

    /// <summary>
    /// `--only handoff`: the steady hand-off alone (no warm-up, no maximum, no pgbench), for checking the outbox's
    /// latency target in a minute instead of the write part's three.
    /// </summary>
    public async Task<IReadOnlyList<Figure>> RunHandOffAsync(CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        using var support = product.Client();
        var (_, key) = await product.CreateOrganizationAsync(support, "bench-handoff", cancellationToken);
        await using var recorder = new CommandRecorder(settings, Regions.Write);
        await recorder.StartAsync(cancellationToken);
        // Every API's create path warmed as the full run warms the first, so JIT tiering is not what the tail measures.
        await WarmUpAsync(key, product.ApiUrls, figures, cancellationToken);
        await WaitForAllCommandsAsync(recorder, TimeSpan.FromSeconds(60), cancellationToken);
        await SteadyHandOffAsync(key, recorder, figures, cancellationToken);
        CountLost(figures, recorder, await CountRowsAsync(cancellationToken));
        return figures;
    }

    /// <summary>
    /// The full run's warm-up (wrk at the write client count for the warm-up time) on each API in turn. A freshly started
    /// API spends its first seconds of load compiling (on 2 cores, two cold APIs managed about 55 creates/s of a steady
    /// 200/s), so each API's cold rate is reported, untargeted.
    /// </summary>
    private async Task WarmUpAsync(string key, IEnumerable<Uri> apis, List<Figure> figures, CancellationToken cancellationToken)
    {
        var clients = settings.WriteConnections;
        foreach (var api in apis)
        {
            var number = product.ApiUrls.ToList().IndexOf(api) + 1;
            var cold = await wrk.RunAsync(api, clients, settings.WarmUpSeconds, ["create", key, $"warm{number}"], cancellationToken);
            figures.Add(new Figure("write", $"POST /v1/instances c={clients} creates/s in API {number}'s first {settings.WarmUpSeconds} s of load (warm-up)",
                cold.RequestsPerSecond, "req/s", Note: string.Create(CultureInfo.InvariantCulture, $"p99 {cold.P99Ms:F1} ms; not measured against a target")));
        }
    }

    private async Task SteadyHandOffAsync(string key, CommandRecorder recorder, List<Figure> figures, CancellationToken cancellationToken)
    {
        // Steady: an open-loop 200 creates/s (a request is sent on schedule whether or not earlier ones answered), split
        // between the API processes, so a row may be committed by one and sent by the other's dispatcher.
        var steadyStart = DateTimeOffset.UtcNow;
        var (created, achieved) = await SteadyCreatesAsync(key, "steady", settings.SteadySeconds, cancellationToken);
        await WaitForAllCommandsAsync(recorder, TimeSpan.FromSeconds(60), cancellationToken);
        var steady = created.Keys.Where(recorder.Received.ContainsKey).Select(id => recorder.Received[id].LatencyMs).ToList();
        var rate = settings.SteadyCreatesPerSecond;
        // A slow hand-off whose create itself answered slowly waited on its own commit (a stalled flush, a busy API),
        // not on the dispatcher: the note tells the two apart.
        var slow = created.Where(c => recorder.Received.TryGetValue(c.Key, out var h) && h.LatencyMs >= 100).ToList();
        var slowCommits = slow.Count(c => c.Value >= 100);
        figures.Add(new Figure("write", $"outbox hand-off at {rate} creates/s p50", Percentiles.Median(steady), "ms"));
        var p99 = Percentiles.Of(steady, 99);
        figures.Add(new Figure("write", $"outbox hand-off at {rate} creates/s p99", p99, "ms", Target: "< 100 ms", Met: p99 < 100,
            Note: string.Create(CultureInfo.InvariantCulture,
                $"{steady.Count} commands through {product.ApiUrls.Count} APIs; the APIs answered {achieved:F0} creates/s; {slow.Count} hand-offs ≥ 100 ms, {slowCommits} of them with a create that took ≥ 100 ms to answer; p99.9 {Percentiles.Of(steady, 99.9):F1} ms")));

        // The dispatcher's own view (row created → marked sent) tells a slow dispatcher from a slow broker.
        var dispatched = await DispatchDelaysAsync(steadyStart, cancellationToken);
        figures.Add(new Figure("write", $"outbox row created → sent (dispatcher), {rate} creates/s p99", Percentiles.Of(dispatched, 99), "ms",
            Note: "from outbox_messages.created_at/sent_at"));
    }

    private void CountLost(List<Figure> figures, CommandRecorder recorder, long rows)
    {
        var lost = rows - recorder.Count;
        figures.Add(new Figure("write", "commands lost (rows created − commands received)", lost, "", Target: "0", Met: lost == 0,
            Note: $"{rows} rows, {recorder.Count} commands, {recorder.Duplicates} duplicates"));
        if (lost != 0)
        {
            LostCommands = $"{rows} instances created in {Regions.Write} but {recorder.Count} distinct ReconcileInstance commands received";
        }
    }

    private async Task<List<double>> DispatchDelaysAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(product.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "select extract(epoch from sent_at - created_at)::float8 * 1000 from outbox_messages where destination = @queue and created_at >= @since and sent_at is not null",
            connection);
        command.Parameters.AddWithValue("queue", ControlPlane.Contracts.Commands.CommandQueues.ForRegion(Regions.Write));
        command.Parameters.AddWithValue("since", since);
        var delays = new List<double>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            delays.Add(reader.GetDouble(0));
        }

        return delays;
    }

    /// <summary>Open-loop creates at the steady rate, alternating between the APIs; each id with its create's response time (ms).</summary>
    private async Task<(Dictionary<Guid, double> Created, double Achieved)> SteadyCreatesAsync(
        string key, string prefix, int seconds, CancellationToken cancellationToken)
    {
        var members = product.ApiUrls.Select(url => product.Client(key, url)).ToList();
        try
        {
            var total = settings.SteadyCreatesPerSecond * seconds;
            var interval = TimeSpan.FromSeconds(1.0 / settings.SteadyCreatesPerSecond);
            var created = new ConcurrentDictionary<Guid, double>();
            var pending = new List<Task>(total);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < total; i++)
            {
                // Read the clock once: between two reads the wait can turn negative, and Task.Delay throws on that.
                var wait = interval * i - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                var name = $"{prefix}-{i}";
                var member = members[i % members.Count];
                pending.Add(Task.Run(async () =>
                {
                    var started = Stopwatch.GetTimestamp();
                    var id = await Product.CreateInstanceAsync(member, name, Regions.Write, 0, cancellationToken);
                    created[id] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }, cancellationToken));
            }

            await Task.WhenAll(pending);
            var achieved = total / clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: {prefix} creates: {total} at {achieved:F0}/s through {members.Count} APIs"));
            return (new Dictionary<Guid, double>(created), achieved);
        }
        finally
        {
            members.ForEach(m => m.Dispose());
        }
    }

    private async Task WaitForAllCommandsAsync(CommandRecorder recorder, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Wait.UntilAsync("every created row's command is received", async () => recorder.Count >= await CountRowsAsync(cancellationToken), timeout, cancellationToken, 250);
        }
        catch (TimeoutException)
        {
            // Reported as lost commands below; the run then fails loudly.
        }
    }

    private async Task<long> CountRowsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(product.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("select count(*) from instances where region = @region", connection);
        command.Parameters.AddWithValue("region", Regions.Write);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
