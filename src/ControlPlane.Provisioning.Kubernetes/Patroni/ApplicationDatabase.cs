using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Specs;
using Npgsql;

namespace ControlPlane.Provisioning.Kubernetes.Patroni;

/// <summary>
/// The customer's role and database, created on the primary once Patroni has bootstrapped it. Spilo only creates its
/// own system roles, and Patroni 4 dropped bootstrap.users, so the control plane does it over SQL as the superuser.
/// Identifiers and the password are quoted by PostgreSQL's own format(%I, %L), never by string concatenation.
/// </summary>
public static class ApplicationDatabase
{
    /// <returns>True when something had to be created.</returns>
    public static async Task<bool> EnsureAsync(string host, int port, InstanceCredentials credentials, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = SecretKeys.Superuser,
            Password = credentials.SuperuserPassword,
            Database = "postgres",
            Timeout = Math.Max(1, (int)timeout.TotalSeconds),
            Pooling = false,
        };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        var created = false;
        if (!await ExistsAsync(connection, "SELECT 1 FROM pg_roles WHERE rolname = $1", credentials.Username, cancellationToken))
        {
            await ExecuteFormattedAsync(connection, "CREATE ROLE %I LOGIN PASSWORD %L", [credentials.Username, credentials.Password], cancellationToken);
            created = true;
        }

        if (!await ExistsAsync(connection, "SELECT 1 FROM pg_database WHERE datname = $1", credentials.Database, cancellationToken))
        {
            await ExecuteFormattedAsync(connection, "CREATE DATABASE %I OWNER %I", [credentials.Database, credentials.Username], cancellationToken);
            created = true;
        }

        return created;
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = name } } };
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private static async Task ExecuteFormattedAsync(NpgsqlConnection connection, string template, string[] values, CancellationToken cancellationToken)
    {
        var placeholders = string.Join(", ", values.Select((_, i) => $"${i + 2}"));
        await using var format = new NpgsqlCommand($"SELECT format($1, {placeholders})", connection);
        format.Parameters.Add(new NpgsqlParameter { Value = template });
        foreach (var value in values)
        {
            format.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var statement = (string)(await format.ExecuteScalarAsync(cancellationToken))!;
        await using var execute = new NpgsqlCommand(statement, connection);
        await execute.ExecuteNonQueryAsync(cancellationToken);
    }
}
