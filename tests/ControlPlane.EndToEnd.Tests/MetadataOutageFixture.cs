using System.Diagnostics;
using System.Security.Cryptography;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// The product on a metadata PostgreSQL of its own (scripts/postgres.sh on its own directory and port), so a test can
/// stop it without touching the shared test server. Its events queue is its own too, so its _error queue counts only
/// what this product parked.
/// </summary>
public sealed class MetadataOutageFixture : ProductFixture
{
    private static readonly string Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    public MetadataOutageFixture()
        : this(TestEnvironment.FreePort(), "controlplane-events-outage-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant())
    {
    }

    private MetadataOutageFixture(int port, string eventsQueue)
        : base($"Host=127.0.0.1;Port={port};Username=postgres;Password={Password}",
            new Dictionary<string, string> { ["ControlPlane__Messaging__EventsQueue"] = eventsQueue },
            new Dictionary<string, string>())
    {
        Port = port;
        EventsQueue = eventsQueue;
        PostgresDirectory = $"/var/tmp/controlplane-e2e-outage/{port}";
    }

    public int Port { get; }

    public string EventsQueue { get; }

    public string PostgresDirectory { get; }

    public override async Task InitializeAsync()
    {
        await PostgresAsync("start");
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresAsync("reset");
    }

    public Task StopPostgresAsync() => PostgresAsync("stop");

    public Task StartPostgresAsync() => PostgresAsync("start");

    private async Task PostgresAsync(string verb)
    {
        var info = new ProcessStartInfo(Path.Combine(RepositoryRoot.Find(), "scripts", "postgres.sh"), verb)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["CP_PG_DIR"] = PostgresDirectory;
        info.Environment["CP_PG_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["CP_PG_PASSWORD"] = Password;
        info.Environment["CP_PG_FAST"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"postgres.sh {verb} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
