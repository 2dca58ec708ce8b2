using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Local.Processes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>
/// Restores one backup into scratch space, starts PostgreSQL on a private socket (no TCP listener, archiving off so
/// nothing reaches the source's stanza), replays WAL to the backup's consistent point and pauses there, runs a sanity
/// query, then stops and removes everything. pgBackRest checks every file's checksum as it restores, so a damaged
/// backup fails here rather than on the day it is needed.
/// </summary>
public sealed class BackupVerifier(
    IOptions<LocalDriverOptions> driverOptions,
    PgBackRest pgBackRest,
    OwnedFiles files,
    ProcessLauncher launcher,
    TimeProvider timeProvider,
    ILogger<BackupVerifier> logger)
{
    // Names the socket file only: with listen_addresses empty, no TCP port is opened.
    private const int SocketPort = 5432;
    private const string SanityQuery = """
        SELECT pg_is_in_recovery(), pg_get_wal_replay_pause_state(), (SELECT count(*) FROM pg_database),
               (SELECT sum(pg_database_size(oid)) FROM pg_database)::bigint
        """;

    public async Task<VerifyResult> VerifyAsync(string stanza, string backupId, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        // Short: the socket's path must fit in 107 bytes.
        var scratch = Path.Combine(pgBackRest.Paths.Verify, Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(scratch, "data");
        try
        {
            files.EnsureDirectory(scratch);
            files.EnsureDirectory(data);
            var restored = await pgBackRest.RunAsync(
                pgBackRest.Paths.Config,
                stanza,
                // No retries: a damaged file fails the same way each time, and each retry waits before it starts.
                [$"--set={backupId}", $"--pg1-path={data}", "--type=immediate", "--target-action=pause", "--job-retry=0", "restore"],
                cancellationToken);
            if (!restored.Succeeded)
            {
                return Result(false, $"restore failed: {restored.Problem()}");
            }

            files.WriteIfChanged(Path.Combine(scratch, "pg_hba.conf"), "local all all trust\n");
            files.WriteIfChanged(Path.Combine(scratch, "pg_ident.conf"), "");
            var pgCtl = Path.Combine(BinDirectory(data), "pg_ctl");
            var start = await launcher.RunCapturedAsync(
                [pgCtl, "-D", data, "-l", Path.Combine(scratch, "postgres.log"), "-w", "-t", ((int)pgBackRest.Options.CommandTimeout.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                 "-o", ServerOptions(scratch), "start"],
                scratch,
                pgBackRest.Options.CommandTimeout,
                cancellationToken);
            if (!start.Succeeded)
            {
                return Result(false, $"PostgreSQL did not reach a consistent point: {LastLines(Path.Combine(scratch, "postgres.log"))}");
            }

            try
            {
                return Result(true, await QueryAsync(scratch, cancellationToken));
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                return Result(false, $"the sanity query failed: {exception.Message}");
            }
            finally
            {
                await launcher.RunCapturedAsync([pgCtl, "-D", data, "-m", "immediate", "-w", "stop"], scratch, TimeSpan.FromMinutes(1), CancellationToken.None);
            }
        }
        finally
        {
            files.DeleteDirectory(scratch);
        }

        VerifyResult Result(bool succeeded, string? reason)
        {
            var result = new VerifyResult(backupId, succeeded, reason, timeProvider.GetElapsedTime(started));
            logger.Log(succeeded ? LogLevel.Information : LogLevel.Warning, "Verify of backup {BackupId} of stanza {Stanza}: {Succeeded} in {Duration} ({Reason})",
                backupId, stanza, succeeded, result.Duration, reason);
            return result;
        }
    }

    /// <summary>The restored configuration is the source member's: everything that points at it or reaches out is overridden.</summary>
    private static string ServerOptions(string scratch) => string.Join(' ', new[]
    {
        "-c listen_addresses=''",
        $"-c port={SocketPort}",
        $"-c unix_socket_directories='{scratch}'",
        $"-c hba_file='{scratch}/pg_hba.conf'",
        $"-c ident_file='{scratch}/pg_ident.conf'",
        "-c archive_mode=off",
        "-c hot_standby=on",
        "-c primary_conninfo=''",
        "-c primary_slot_name=''",
        "-c synchronous_standby_names=''",
        "-c cluster_name=verify",
        "-c logging_collector=off",
        "-c shared_buffers=16MB",
    });

    private static async Task<string> QueryAsync(string scratch, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = scratch,
            Port = SocketPort,
            Username = Configuration.PatroniConfigBuilder.SuperuserName,
            Database = "postgres",
            Pooling = false,
            Timeout = 10,
        }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(SanityQuery, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (inRecovery, pause, databases, bytes) = (reader.GetBoolean(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3));
        if (!inRecovery || pause != "paused")
        {
            throw new InvalidOperationException($"recovery did not stop at the backup's consistent point (in recovery: {inRecovery}, replay: {pause})");
        }

        return $"consistent at the end of the backup: {databases} databases, {bytes} bytes readable";
    }

    private string BinDirectory(string data)
    {
        var version = File.ReadAllText(Path.Combine(data, "PG_VERSION")).Trim();
        return driverOptions.Value.PostgresBinDirectory(int.Parse(version, System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string LastLines(string log)
    {
        if (!File.Exists(log))
        {
            return "no server log";
        }

        var lines = File.ReadAllLines(log).Where(l => l.Contains("FATAL", StringComparison.Ordinal) || l.Contains("PANIC", StringComparison.Ordinal) || l.Contains("ERROR", StringComparison.Ordinal)).TakeLast(3).ToList();
        return lines.Count > 0 ? string.Join(" ", lines) : string.Join(" ", File.ReadAllLines(log).TakeLast(3));
    }
}
