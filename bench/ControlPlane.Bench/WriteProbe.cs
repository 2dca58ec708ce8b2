using Npgsql;

namespace ControlPlane.Bench;

/// <summary>
/// A customer writing every 100 ms through the primary endpoint, each write on a fresh connection (as a client that
/// reconnects after an error would). Downtime is first failed write to the first successful write after it.
/// </summary>
public sealed class WriteProbe(string connectionString)
{
    private readonly List<(DateTimeOffset At, bool Ok)> _writes = [];

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("create table if not exists bench_writes (at timestamptz not null)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Replication here is asynchronous, so a table created just before the kill may not have reached the replica that
    /// gets promoted, and every later insert would fail: wait until reads through the read-only endpoint (spread over
    /// the replicas) see it several times in a row.
    /// </summary>
    public static async Task WaitUntilReplicatedAsync(string readOnlyConnectionString, int replicas, CancellationToken cancellationToken)
    {
        var seenInARow = 0;
        await Wait.UntilAsync("the probe table reaches every replica", async () =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(readOnlyConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("select to_regclass('bench_writes') is not null", connection);
                seenInARow = await command.ExecuteScalarAsync(cancellationToken) is true ? seenInARow + 1 : 0;
            }
            catch (NpgsqlException)
            {
                seenInARow = 0;
            }

            return seenInARow >= 2 * replicas;
        }, TimeSpan.FromMinutes(1), cancellationToken, 100);
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var at = DateTimeOffset.UtcNow;
                var ok = await TryWriteAsync(stop);
                lock (_writes)
                {
                    _writes.Add((at, ok));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped by the bench.
        }
    }

    /// <summary>True once a write failed and a later one succeeded.</summary>
    public bool Recovered
    {
        get
        {
            lock (_writes)
            {
                var firstFailure = _writes.FindIndex(w => !w.Ok);
                return firstFailure >= 0 && _writes.Skip(firstFailure).Any(w => w.Ok);
            }
        }
    }

    /// <summary>Seconds from the first failed write to the first successful one after it; 0 when none failed.</summary>
    public double DowntimeSeconds()
    {
        lock (_writes)
        {
            var firstFailure = _writes.FindIndex(w => !w.Ok);
            if (firstFailure < 0)
            {
                return 0;
            }

            var recovered = _writes.Skip(firstFailure).FirstOrDefault(w => w.Ok);
            return recovered == default ? double.NaN : (recovered.At - _writes[firstFailure].At).TotalSeconds;
        }
    }

    private async Task<bool> TryWriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = new NpgsqlCommand("insert into bench_writes values (now())", connection);
            await command.ExecuteNonQueryAsync(timeout.Token);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
