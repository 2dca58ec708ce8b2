using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace ControlPlane.Bench;

/// <summary>Debian's wrk with bench/wrk/bench.lua, which reports one JSON line including p99.9.</summary>
public sealed class Wrk(BenchSettings settings)
{
    public async Task<WrkResult> RunAsync(Uri baseUrl, int connections, int seconds, string[] scriptArguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "-t", Math.Min(connections, 2).ToString(CultureInfo.InvariantCulture),
                     "-c", connections.ToString(CultureInfo.InvariantCulture),
                     "-d", $"{seconds}s", "--timeout", "10s",
                     "-s", Path.Combine(settings.RepositoryRoot, "bench", "wrk", "bench.lua"),
                     baseUrl.ToString().TrimEnd('/'), "--",
                 })
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in scriptArguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start wrk (apt-get install wrk)");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("WRKJSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result (exit {process.ExitCode}): {output}{errors}");
        var json = JsonNode.Parse(line["WRKJSON ".Length..])!;
        var requests = json["requests"]!.GetValue<long>();
        var seconds2 = json["duration_us"]!.GetValue<long>() / 1e6;
        return new WrkResult(
            requests / seconds2,
            json["p50_us"]!.GetValue<long>() / 1000.0,
            json["p99_us"]!.GetValue<long>() / 1000.0,
            json["p999_us"]!.GetValue<long>() / 1000.0,
            requests,
            json["socket_errors"]!.GetValue<long>() + json["non2xx"]!.GetValue<long>());
    }
}
