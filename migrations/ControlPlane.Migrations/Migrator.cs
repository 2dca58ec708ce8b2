using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ControlPlane.Migrations;

/// <summary>
/// The deployable migration step (used by `make run`, the Kubernetes Job and compose): creates the database if it is
/// missing, applies pending migrations, and sets the password of the worker's read-only role.
/// </summary>
public static class Migrator
{
    public static async Task RunAsync(string connectionString, string? workerPassword, CancellationToken cancellationToken)
    {
        await EnsureDatabaseAsync(connectionString, cancellationToken);
        await using (var db = MigrationContext.Create(connectionString))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        // Only when it does not already work: most runs change nothing, and a write to the role's row can still collide
        // with another client's (PostgreSQL refuses the second with "tuple concurrently updated"), lock or not.
        if (!string.IsNullOrEmpty(workerPassword) && !await WorkerPasswordWorksAsync(connectionString, workerPassword, cancellationToken))
        {
            // The role is the cluster's, not the database's: migrators of two databases on one server (the test
            // fixtures, two environments on one cluster) would otherwise update its row at once, and PostgreSQL refuses
            // the second with "tuple concurrently updated". Advisory locks are per database, so every migrator takes
            // it in the one database they all have; transaction-scoped, so a crash cannot leak it.
            await using var connection = new NpgsqlConnection(
                new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var serialise = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('controlplane_worker role'))", connection, transaction))
            {
                await serialise.ExecuteNonQueryAsync(cancellationToken);
            }

            // Passwords cannot be bound as parameters in ALTER ROLE; quote the literal instead.
            var literal = "'" + workerPassword.Replace("'", "''", StringComparison.Ordinal) + "'";
            await using (var command = new NpgsqlCommand($"alter role controlplane_worker with login password {literal}", connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task<bool> WorkerPasswordWorksAsync(string connectionString, string workerPassword, CancellationToken cancellationToken)
    {
        var worker = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Username = "controlplane_worker", Password = workerPassword, Pooling = false, Timeout = 10,
        };
        try
        {
            await using var connection = new NpgsqlConnection(worker.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            return false;
        }
    }

    private static async Task EnsureDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection);
        exists.Parameters.AddWithValue(target.Database!);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"create database \"{target.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
