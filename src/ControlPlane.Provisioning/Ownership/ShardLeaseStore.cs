using ControlPlane.Domain.Ownership;
using ControlPlane.Provisioning.DesiredState;
using Npgsql;

namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// The lease and heartbeat rows, written by the worker role (its only writes). Validity is always judged by the
/// database's now(), one clock for every worker; a worker's own clock never decides whether a lease is free.
/// </summary>
public sealed class ShardLeaseStore(WorkerMetadataDataSource metadata)
{
    // A round must finish well inside a lease; a statement stuck longer than this is given up (the lease runs out anyway).
    private const int CommandTimeoutSeconds = 5;

    /// <summary>Renews this worker's heartbeat, then reads who is alive and who holds what.</summary>
    public async Task<LeaseRound> BeginRoundAsync(string workerId, string region, TimeSpan liveness, CancellationToken cancellationToken)
    {
        await using var connection = await metadata.DataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            Timeout = CommandTimeoutSeconds,
            BatchCommands =
            {
                Command("""
                    INSERT INTO worker_heartbeats (worker_id, region, started_at, heartbeat_at) VALUES ($1, $2, now(), now())
                    ON CONFLICT (worker_id) DO UPDATE SET heartbeat_at = now(), region = excluded.region
                    """, workerId, region),
                // Rows of workers gone for an hour tell nobody anything; a live worker writes its row again each round.
                Command("DELETE FROM worker_heartbeats WHERE region = $1 AND heartbeat_at < now() - interval '1 hour'", region),
                Command("SELECT worker_id FROM worker_heartbeats WHERE region = $1 AND heartbeat_at > now() - $2", region, liveness),
                Command("SELECT shard, holder FROM shard_leases WHERE region = $1 AND expires_at > now()", region),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var workers = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            workers.Add(reader.GetString(0));
        }

        await reader.NextResultAsync(cancellationToken);
        var holders = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            holders[reader.GetInt32(0)] = reader.GetString(1);
        }

        return new LeaseRound(workers, holders);
    }

    /// <summary>
    /// In one transaction: gives up <paramref name="release"/>, renews <paramref name="keep"/> while still unexpired, takes
    /// <paramref name="acquire"/> where free (a new epoch each time), and returns every lease this worker holds after it.
    /// </summary>
    public async Task<IReadOnlyList<HeldLease>> ClaimAsync(
        string workerId, string region, IReadOnlyCollection<int> keep, IReadOnlyCollection<int> release, IReadOnlyCollection<int> acquire,
        TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var connection = await metadata.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            Timeout = CommandTimeoutSeconds,
            BatchCommands =
            {
                Command("UPDATE shard_leases SET expires_at = now() WHERE region = $1 AND holder = $2 AND shard = ANY($3) AND expires_at > now()",
                    region, workerId, release.ToArray()),
                Command("UPDATE shard_leases SET expires_at = now() + $4 WHERE region = $1 AND holder = $2 AND shard = ANY($3) AND expires_at > now()",
                    region, workerId, keep.ToArray(), duration),
                // The epoch grows on every acquisition, also when this worker takes back a shard it let lapse: whatever it
                // sent under the old epoch is fenced like anyone else's.
                Command($"""
                    INSERT INTO shard_leases (region, shard, holder, epoch, acquired_at, expires_at)
                    SELECT $1, s, $2, {EventSequence.FirstEpoch}, now(), now() + $4 FROM unnest($3::int[]) AS s
                    ON CONFLICT (region, shard) DO UPDATE
                      SET holder = excluded.holder, epoch = shard_leases.epoch + 1, acquired_at = now(), expires_at = excluded.expires_at
                      WHERE shard_leases.expires_at <= now()
                    """, region, workerId, acquire.ToArray(), duration),
                Command("SELECT shard, epoch FROM shard_leases WHERE region = $1 AND holder = $2 AND expires_at > now()", region, workerId),
            },
        };
        var held = new List<HeldLease>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                held.Add(new HeldLease(reader.GetInt32(0), reader.GetInt64(1)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return held;
    }

    /// <summary>On a clean stop: every lease and the heartbeat go at once, so the others need not wait for expiry.</summary>
    public async Task LeaveAsync(string workerId, string region, CancellationToken cancellationToken)
    {
        await using var connection = await metadata.DataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            Timeout = CommandTimeoutSeconds,
            BatchCommands =
            {
                Command("UPDATE shard_leases SET expires_at = now() WHERE region = $1 AND holder = $2 AND expires_at > now()", region, workerId),
                Command("DELETE FROM worker_heartbeats WHERE worker_id = $1", workerId),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The worker that holds the shard's lease now, if any.</summary>
    public async Task<string?> HolderAsync(string region, int shard, CancellationToken cancellationToken)
    {
        await using var command = metadata.DataSource.CreateCommand(
            "SELECT holder FROM shard_leases WHERE region = $1 AND shard = $2 AND expires_at > now()");
        command.CommandTimeout = CommandTimeoutSeconds;
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = region });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = shard });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
