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

        if (!string.IsNullOrEmpty(workerPassword))
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            // Passwords cannot be bound as parameters in ALTER ROLE; quote the literal instead.
            var literal = "'" + workerPassword.Replace("'", "''", StringComparison.Ordinal) + "'";
            await using var command = new NpgsqlCommand($"alter role controlplane_worker with login password {literal}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
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
