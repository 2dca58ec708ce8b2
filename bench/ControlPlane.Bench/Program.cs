using ControlPlane.Bench;

// usage: ControlPlane.Bench [--quick] [--only read,write,handoff,worker,ha] [--apis N] [--ha-runs N] [--ha-replicas 0,1,2] [--reconcilers N]; env BENCH_ROOT, BENCH_PG_PORT, BENCH_PG_PASSWORD, BENCH_RMQ_PORT, BENCH_RMQ_PASSWORD, BENCH_STATE_DIR (bench/run.sh sets them)
var settings = new BenchSettings(
    args.Contains("--quick"),
    Environment.GetEnvironmentVariable("BENCH_ROOT") ?? Directory.GetCurrentDirectory(),
    int.Parse(Environment.GetEnvironmentVariable("BENCH_PG_PORT") ?? "56432", System.Globalization.CultureInfo.InvariantCulture),
    Environment.GetEnvironmentVariable("BENCH_PG_PASSWORD") ?? "postgres",
    int.Parse(Environment.GetEnvironmentVariable("BENCH_RMQ_PORT") ?? "56672", System.Globalization.CultureInfo.InvariantCulture),
    Environment.GetEnvironmentVariable("BENCH_STATE_DIR") ?? "/var/tmp/controlplane-bench")
{
    RabbitMqPassword = Environment.GetEnvironmentVariable("BENCH_RMQ_PASSWORD") ?? "",
    Apis = Argument("--apis") is { } apis ? int.Parse(apis, System.Globalization.CultureInfo.InvariantCulture) : 2,
    Reconcilers = Argument("--reconcilers") is { } reconcilers ? int.Parse(reconcilers, System.Globalization.CultureInfo.InvariantCulture) : null,
    HighAvailabilityRunsOverride = Argument("--ha-runs") is { } runs ? int.Parse(runs, System.Globalization.CultureInfo.InvariantCulture) : null,
    HighAvailabilityReplicasOverride = Argument("--ha-replicas")?.Split(',').Select(r => int.Parse(r, System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
};

using var cancel = new CancellationTokenSource(settings.Quick ? TimeSpan.FromMinutes(5) : TimeSpan.FromMinutes(60));
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await new BenchRun(settings).RunAsync(args, cancel.Token);

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
