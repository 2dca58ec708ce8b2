using System.Diagnostics;

namespace ControlPlane.Bench;

/// <summary>Runs the measurements in order; `--only read,write,handoff,worker,ha` picks some (handoff: the write part's steady outbox hand-off alone).</summary>
public sealed class BenchRun(BenchSettings settings)
{
    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? ["read", "write", "worker", "ha"];
        var figures = new List<Figure>();
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();
        await using var product = new Product(settings);
        await product.StartAsync(cancellationToken);
        var wrk = new Wrk(settings);
        var pgbench = new PgBench(settings);
        if (only.Any(p => p is "read" or "write"))
        {
            await pgbench.InitializeAsync(cancellationToken);
        }
        figures.Add(new Figure("memory", "API RSS idle (after start)", ProcessStats.ResidentKb(product.ApiProcess!.Pid) / 1024.0, "MB"));

        var parts = new List<(string Name, Func<Task<IReadOnlyList<Figure>>> Run)>
        {
            ("read", () => new ReadPathBench(settings, product, wrk, pgbench).RunAsync(cancellationToken)),
            ("write", async () =>
            {
                var write = new WritePathBench(settings, product, wrk, pgbench);
                var result = await write.RunAsync(cancellationToken);
                if (write.LostCommands is { } lost)
                {
                    failures.Add("commands lost: " + lost);
                }

                return result;
            }),
            // The write part's steady hand-off alone; not in the default list, which runs it inside "write".
            ("handoff", async () =>
            {
                var write = new WritePathBench(settings, product, wrk, pgbench);
                var result = await write.RunHandOffAsync(cancellationToken);
                if (write.LostCommands is { } lost)
                {
                    failures.Add("commands lost: " + lost);
                }

                return result;
            }),
            ("worker", () => new WorkerScaleBench(settings, product).RunAsync(cancellationToken)),
            ("ha", () => new HighAvailabilityBench(settings, product).RunAsync(cancellationToken)),
        };
        foreach (var (name, run) in parts.Where(p => only.Contains(p.Name)))
        {
            try
            {
                Console.WriteLine($"bench: {name} ({clock.Elapsed.TotalSeconds:F0} s)");
                figures.AddRange(await run());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
                await Console.Error.WriteLineAsync(ex.ToString());
            }
        }

        var report = new ResultReport(settings, figures, failures);
        var markdown = await report.WriteAsync(cancellationToken);
        Console.WriteLine();
        Console.WriteLine(report.Markdown());
        Console.WriteLine($"bench: {clock.Elapsed.TotalSeconds:F0} s; results in {markdown} and .json beside it; logs in {product.LogDirectory}");
        foreach (var failure in failures)
        {
            await Console.Error.WriteLineAsync("bench: FAILED: " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }
}
