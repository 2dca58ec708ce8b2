using System.Globalization;

namespace ControlPlane.Bench;

/// <summary>
/// Figure 1: GET /v1/instances/{id} and GET /v1/instances?pageSize=50 with a member key, at 1/16/64 connections,
/// each against pgbench -S at the same client count. Also samples the API's RSS (figure 5) under this load.
/// </summary>
public sealed class ReadPathBench(BenchSettings settings, Product product, Wrk wrk, PgBench pgbench)
{
    private static readonly (string Mode, string Route)[] Routes = [("get", "GET /v1/instances/{id}"), ("list", "GET /v1/instances?pageSize=50")];

    public async Task<IReadOnlyList<Figure>> RunAsync(CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        var orgs = await new Seeder(product).SeedAsync(settings.Organizations, settings.SeededInstances, cancellationToken);
        var (organization, key) = orgs[1];
        var ids = await new Seeder(product).InstanceIdsAsync(organization, cancellationToken);
        var idsFile = Path.Combine(settings.StateDirectory, "read-ids.txt");
        await File.WriteAllLinesAsync(idsFile, ids.Select(i => i.ToString()), cancellationToken);
        Console.WriteLine($"bench: seeded {settings.SeededInstances} instances across {settings.Organizations} organisations");

        var apiPid = product.ApiProcess!.Pid;
        figures.Add(new Figure("memory", "API RSS idle (after seeding)", ProcessStats.ResidentKb(apiPid) / 1024.0, "MB"));

        // Warm-up (JIT tiering, connection pools, the key cache): the figures below are the long-running service's. What a
        // freshly started API manages is reported too, as it is what a deploy or a restart sees first.
        foreach (var (mode, route) in Routes)
        {
            var cold = await wrk.RunAsync(product.ApiUrl, 16, settings.WarmUpSeconds, [mode, key, idsFile], cancellationToken);
            figures.Add(new Figure("read", $"{route} c=16 rps in the first {settings.WarmUpSeconds} s of load (warm-up)", cold.RequestsPerSecond, "req/s",
                Note: string.Create(CultureInfo.InvariantCulture, $"p99 {cold.P99Ms:F1} ms; not measured against a target")));
        }

        foreach (var connections in settings.ReadConnections)
        {
            var (ceiling, ceilingCpu) = await pgbench.CeilingAsync("read", connections, selectOnly: true, cancellationToken);
            figures.Add(ceilingCpu);
            var apiRates = new Dictionary<string, double>();
            foreach (var (mode, route) in Routes)
            {
                var cpu = CpuAccount.Start(settings, apiPid);
                var result = await wrk.RunAsync(product.ApiUrl, connections, settings.WrkSeconds, [mode, key, idsFile], cancellationToken);
                // CPU per request tells "the API is expensive" from "the machine is busy with something else".
                var note = cpu.Stop(result.Requests).Describe();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"bench: {route} c={connections}: {result.RequestsPerSecond:F0} rps, p99 {result.P99Ms:F1} ms (pgbench -S {ceiling:F0} tps)"));
                var at16 = connections == 16;
                var ratio = result.RequestsPerSecond / ceiling;
                apiRates[mode] = result.RequestsPerSecond;
                figures.Add(new Figure("read", $"{route} c={connections} rps", result.RequestsPerSecond, "req/s", ceiling, $"pgbench -S c={connections} tps",
                    at16 ? "≥ 0.5 of pgbench -S" : null, at16 ? ratio >= 0.5 : null,
                    result.Failed > 0 ? $"{note}; {result.Failed} failed of {result.Requests}" : note));
                figures.Add(new Figure("read", $"{route} c={connections} p50", result.P50Ms, "ms"));
                figures.Add(new Figure("read", $"{route} c={connections} p99", result.P99Ms, "ms", Target: at16 ? "< 10 ms" : null, Met: at16 ? result.P99Ms < 10 : null));
                figures.Add(new Figure("read", $"{route} c={connections} p99.9", result.P999Ms, "ms"));
            }

            if (connections == 16)
            {
                figures.AddRange(await FloorAsync(organization, key, idsFile, ceiling, apiRates, cancellationToken));
            }
        }

        figures.Add(new Figure("memory", "API RSS after the read load (peak VmHWM)", ProcessStats.PeakResidentKb(apiPid) / 1024.0, "MB"));
        return figures;
    }

    /// <summary>
    /// The same two reads from the floor (ReadFloor), warmed up as the API was, against the same ceiling: whether a ratio
    /// is out of the machine's reach or held down by the API's own work.
    /// </summary>
    private async Task<IReadOnlyList<Figure>> FloorAsync(Guid organization, string key, string idsFile, double ceiling,
        Dictionary<string, double> apiRates, CancellationToken cancellationToken)
    {
        var figures = new List<Figure>();
        await using var floor = await ReadFloor.StartAsync(settings, product, organization, cancellationToken);
        foreach (var (mode, _) in Routes)
        {
            await wrk.RunAsync(floor.Url, 16, settings.WarmUpSeconds, [mode, key, idsFile], cancellationToken);
        }

        foreach (var (mode, route) in Routes)
        {
            var cpu = CpuAccount.Start(settings, floor.Pid);
            var result = await wrk.RunAsync(floor.Url, 16, settings.WrkSeconds, [mode, key, idsFile], cancellationToken);
            var note = cpu.Stop(result.Requests).Describe(host: "floor");
            var share = apiRates[mode] / Math.Max(1, result.RequestsPerSecond);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench: floor {route} c=16: {result.RequestsPerSecond:F0} rps, p99 {result.P99Ms:F1} ms; the API does {share:F2} of it"));
            figures.Add(new Figure("read", $"floor (ASP.NET Core + Npgsql, no API): {route} c=16 rps", result.RequestsPerSecond, "req/s", ceiling, "pgbench -S c=16 tps",
                Note: string.Create(CultureInfo.InvariantCulture, $"the API's rate is {share:F2} of this; p99 {result.P99Ms:F1} ms; {note}")
                    + (result.Failed > 0 ? $"; {result.Failed} failed of {result.Requests}" : "")));
        }

        return figures;
    }
}
