using ControlPlane.Provisioning.DesiredState;
using Npgsql;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// Leases as PostgreSQL session advisory locks on the metadata database, taken by the read-only worker role (advisory
/// locks need no table privilege). Chosen over sharding instances between workers because it needs no membership
/// protocol: any number of workers may consume a region's queue, a crashed worker's locks vanish with its session,
/// and a hash collision of two ids only makes them take turns.
/// <para>
/// All of this process's locks live on one session, opened on first use, rather than on a pooled connection held
/// per lease: a lease costs one statement to take and one to give back, and the reconcile loops no longer hold
/// connections the passes themselves need (with as many loops as pooled connections, every pass waited on the pool).
/// Session locks are re-entrant, so exclusion between this process's own callers (a pass and the resync's orphan
/// removal) is kept in memory. If the session breaks, PostgreSQL has released its locks already: the leases held
/// then are void, their release is a no-op, and the next acquire opens a new session.
/// </para>
/// </summary>
public sealed class PostgresAdvisoryLeases(WorkerMetadataDataSource metadata) : IInstanceLeases, IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<Guid> _held = [];
    private NpgsqlConnection? _session;

    // Bumped whenever the session is replaced, so a lease taken on a lost session is not released on its successor.
    private long _sessionNumber;

    public async Task<IAsyncDisposable?> TryAcquireAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_held.Contains(instanceId))
            {
                return null;
            }

            var session = await SessionAsync(cancellationToken);
            if (!await RunAsync(session, "SELECT pg_try_advisory_lock(hashtext('instance:' || $1::text))", instanceId, cancellationToken))
            {
                return null;
            }

            _held.Add(instanceId);
            return new AdvisoryLease(this, instanceId, _sessionNumber);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            await DropSessionAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReleaseAsync(Guid instanceId, long sessionNumber)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            _held.Remove(instanceId);
            if (sessionNumber == _sessionNumber && _session is { } session)
            {
                await RunAsync(session, "SELECT pg_advisory_unlock(hashtext('instance:' || $1::text))", instanceId, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // RunAsync dropped the broken session, and PostgreSQL released its locks with it.
        }
        finally
        {
            _gate.Release();
        }
    }

    private async ValueTask<NpgsqlConnection> SessionAsync(CancellationToken cancellationToken)
    {
        if (_session is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        await DropSessionAsync();
        _session = await metadata.DataSource.OpenConnectionAsync(cancellationToken);
        return _session;
    }

    private async Task<bool> RunAsync(NpgsqlConnection session, string sql, Guid instanceId, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, session);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = instanceId });
            return await command.ExecuteScalarAsync(cancellationToken) is true;
        }
        catch
        {
            // A broken session has lost its locks; a cancelled statement may or may not have taken one. Either way the
            // session is given up and all its locks released, so every lease taken on it is void from here on.
            await DropSessionAsync();
            throw;
        }
    }

    private async Task DropSessionAsync()
    {
        if (_session is null)
        {
            return;
        }

        var session = _session;
        _session = null;
        _sessionNumber++;
        try
        {
            // The connection goes back to the pool, so it must carry no lock: unlock_all rather than closing, which a
            // pooled connection does not do. A session that cannot run it is broken, and Npgsql discards broken ones.
            if (session.State == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", session);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // broken: its locks went with it
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    private sealed class AdvisoryLease(PostgresAdvisoryLeases owner, Guid instanceId, long sessionNumber) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                await owner.ReleaseAsync(instanceId, sessionNumber);
            }
        }
    }
}
