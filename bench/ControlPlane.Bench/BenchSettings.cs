namespace ControlPlane.Bench;

/// <summary>Sizes and places of one run. QUICK keeps the harness honest in under two minutes; full mode measures.</summary>
public sealed record BenchSettings(bool Quick, string RepositoryRoot, int PostgresPort, string PostgresPassword, int RabbitMqPort, string StateDirectory)
{
    public int Organizations => 100;

    public int SeededInstances => Quick ? 500 : 10_000;

    public int WrkSeconds => Quick ? 2 : 15;

    public int PgBenchSeconds => Quick ? 2 : 15;

    /// <summary>
    /// Load before each API figure is measured. .NET's tiered JIT (with dynamic PGO) reaches its final code only after tens
    /// of seconds of load on two busy cores: measured after 4 s, a create cost 3.2 ms of API CPU; after 60 s, 1.6 ms.
    /// </summary>
    public int WarmUpSeconds => Quick ? 2 : 30;

    public int[] ReadConnections => [1, 16, 64];

    public int WriteConnections => 16;

    public int SteadyCreatesPerSecond => 200;

    public int SteadySeconds => Quick ? 2 : 20;

    /// <summary>API processes on the one metadata database and broker (`--apis N`); the steady hand-off alternates between them.</summary>
    public int Apis { get; init; } = 2;

    public int ResyncInstances => Quick ? 100 : 1_000;

    /// <summary>`--reconcilers N` sets the Kubernetes worker's ControlPlane:Worker:Reconciler:Workers; unset keeps the product default.</summary>
    public int? Reconcilers { get; init; }

    /// <summary>`--ha-runs N` overrides the run count (development of the harness).</summary>
    public int? HighAvailabilityRunsOverride { get; init; }

    /// <summary>`--ha-replicas 0,1,2` overrides the HA shapes measured.</summary>
    public int[]? HighAvailabilityReplicasOverride { get; init; }

    public int HighAvailabilityRuns => HighAvailabilityRunsOverride ?? (Quick ? 1 : 5);

    public int[] HighAvailabilityReplicas => HighAvailabilityReplicasOverride ?? (Quick ? [0] : [0, 1, 2]);

    public string AdminConnectionString(string database) =>
        $"Host=127.0.0.1;Port={PostgresPort};Database={database};Username=postgres;Password={PostgresPassword};Maximum Pool Size=20";

    /// <summary>The broker's unrestricted test user (scripts/rabbitmq.sh with CP_RMQ_PROFILE=test; guest is deleted).</summary>
    public string RabbitMqUri => $"amqp://controlplane-test:{Uri.EscapeDataString(RabbitMqPassword)}@127.0.0.1:{RabbitMqPort}/";

    public string RabbitMqPassword { get; init; } = "";

    public string HostDll(string project) => ReleaseDll("src", project);

    /// <summary>A helper host of the bench itself (bench/&lt;project&gt;).</summary>
    public string BenchDll(string project) => ReleaseDll("bench", project);

    private string ReleaseDll(string folder, string project) =>
        Path.Combine(RepositoryRoot, folder, project, "bin", "Release", "net10.0", project + ".dll");
}
