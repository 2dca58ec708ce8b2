using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ControlPlane.Bench;

/// <summary>
/// The ceilings: pgbench against the same PostgreSQL server, in a database of its own (scale 10), select-only (-S)
/// for the read path and the built-in TPC-B-like script for the write path.
/// </summary>
public sealed partial class PgBench(BenchSettings settings)
{
    private const string Database = "pgbench_ceiling";

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using (var admin = new Npgsql.NpgsqlConnection(settings.AdminConnectionString("postgres")))
        {
            await admin.OpenAsync(cancellationToken);
            await using var drop = new Npgsql.NpgsqlCommand($"drop database if exists {Database} with (force); ", admin);
            await drop.ExecuteNonQueryAsync(cancellationToken);
            await using var create = new Npgsql.NpgsqlCommand($"create database {Database}", admin);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await RunAsync(["-i", "-q", "-s", "10", Database], cancellationToken);
    }

    /// <summary>
    /// The ceiling at <paramref name="clients"/> clients over the configured run length, and PostgreSQL's CPU per transaction
    /// during that run as a figure of its own (to set beside the product's per request).
    /// </summary>
    public async Task<(double Tps, Figure PostgresCpu)> CeilingAsync(string area, int clients, bool selectOnly, CancellationToken cancellationToken)
    {
        var cpu = CpuAccount.Start(settings, null);
        var tps = await TpsAsync(clients, selectOnly, settings.PgBenchSeconds, cancellationToken);
        var spent = cpu.Stop(tps * settings.PgBenchSeconds);
        var name = selectOnly ? "pgbench -S" : "pgbench TPC-B";
        return (tps, new Figure(area, $"{name} c={clients}: PostgreSQL CPU per transaction", spent.PostgresMsPerRequest, "ms",
            Note: spent.Describe("transaction")));
    }

    /// <summary>Transactions per second (excluding connection time) at <paramref name="clients"/> clients.</summary>
    private async Task<double> TpsAsync(int clients, bool selectOnly, int seconds, CancellationToken cancellationToken)
    {
        var arguments = new List<string>
        {
            "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-j", Math.Min(clients, 2).ToString(CultureInfo.InvariantCulture),
            "-T", seconds.ToString(CultureInfo.InvariantCulture),
            "-n",
        };
        if (selectOnly)
        {
            arguments.Add("-S");
        }

        arguments.Add(Database);
        var output = await RunAsync(arguments, cancellationToken);
        var match = Tps().Match(output);
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"pgbench printed no tps: {output}");
    }

    private async Task<string> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("pgbench") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-h", "127.0.0.1", "-p", settings.PostgresPort.ToString(CultureInfo.InvariantCulture), "-U", "postgres" }.Concat(arguments))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PGPASSWORD"] = settings.PostgresPassword;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start pgbench (postgresql-client-15)");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"pgbench exited {process.ExitCode}: {output}");
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
