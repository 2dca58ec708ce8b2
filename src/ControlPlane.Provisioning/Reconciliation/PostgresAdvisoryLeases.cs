using ControlPlane.Provisioning.DesiredState;
using Npgsql;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// Leases as PostgreSQL session advisory locks on the metadata database, taken by the read-only worker role (advisory
/// locks need no table privilege). Chosen over sharding instances between workers because it needs no membership
/// protocol: any number of workers may consume a region's queue, a crashed worker's locks vanish with its session,
/// and a hash collision of two ids only makes them take turns. The price is one pooled connection per running
/// reconcile, bounded by <see cref="ReconcilerOptions.Workers"/>.
/// </summary>
public sealed class PostgresAdvisoryLeases(WorkerMetadataDataSource metadata) : IInstanceLeases
{
    public async Task<IAsyncDisposable?> TryAcquireAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var connection = await metadata.DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT pg_try_advisory_lock(hashtext('instance:' || $1::text))", connection);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = instanceId });
            if (await command.ExecuteScalarAsync(cancellationToken) is true)
            {
                return new AdvisoryLease(connection, instanceId);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    private sealed class AdvisoryLease(NpgsqlConnection connection, Guid instanceId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Unlock explicitly: the pool keeps the session, and with it a session lock, alive after Dispose.
                await using var command = new NpgsqlCommand(
                    "SELECT pg_advisory_unlock(hashtext('instance:' || $1::text))", connection);
                command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = instanceId });
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // A broken session released its locks when it ended; clear it from the pool so it is not reused.
                NpgsqlConnection.ClearPool(connection);
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
