using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.Configuration;
using Npgsql;

namespace ControlPlane.Provisioning.Local.Patroni;

/// <summary>
/// Creates the customer's role and database on the primary after bootstrap (Patroni 3 deprecated
/// <c>bootstrap.users</c>), and re-applies the password when it was rotated. Idempotent on every reconcile.
/// </summary>
public sealed class ApplicationDatabase
{
    /// <summary>Returns what it changed ("created role", "rotated password"...), empty when everything already matched.</summary>
    public async Task<IReadOnlyList<string>> EnsureAsync(string host, int port, InstanceCredentials credentials, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        await using var superuser = new NpgsqlConnection(ConnectionString(host, port, PatroniConfigBuilder.SuperuserName, credentials.SuperuserPassword, "postgres"));
        await superuser.OpenAsync(cancellationToken);

        if (!await ExistsAsync(superuser, "SELECT 1 FROM pg_roles WHERE rolname = @name", credentials.Username, cancellationToken))
        {
            await ExecuteFormattedAsync(superuser, "CREATE ROLE %I LOGIN PASSWORD %L", credentials.Username, credentials.Password, cancellationToken);
            changes.Add("created role");
        }

        if (!await ExistsAsync(superuser, "SELECT 1 FROM pg_database WHERE datname = @name", credentials.Database, cancellationToken))
        {
            await ExecuteFormattedAsync(superuser, "CREATE DATABASE %I OWNER %I", credentials.Database, credentials.Username, cancellationToken);
            changes.Add("created database");
        }

        if (!await PasswordWorksAsync(host, port, credentials, cancellationToken))
        {
            // Checking by logging in avoids rewriting the verifier (and WAL) on every pass when nothing changed.
            await ExecuteFormattedAsync(superuser, "ALTER ROLE %I WITH LOGIN PASSWORD %L", credentials.Username, credentials.Password, cancellationToken);
            changes.Add("set password");
        }

        return changes;
    }

    public static string ConnectionString(string host, int port, string username, string password, string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = username,
            Password = password,
            Database = database,
            Pooling = false,
            Timeout = 5,
            CommandTimeout = 30,
        }.ConnectionString;

    private static async Task<bool> PasswordWorksAsync(string host, int port, InstanceCredentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString(host, port, credentials.Username, credentials.Password, credentials.Database));
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return false;
        }
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>DDL takes no bind parameters, so the server quotes identifiers and literals itself with format().</summary>
    private static async Task ExecuteFormattedAsync(NpgsqlConnection connection, string template, string first, string second, CancellationToken cancellationToken)
    {
        string statement;
        await using (var format = new NpgsqlCommand("SELECT format(@template, @first, @second)", connection))
        {
            format.Parameters.AddWithValue("template", template);
            format.Parameters.AddWithValue("first", first);
            format.Parameters.AddWithValue("second", second);
            statement = (string)(await format.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var command = new NpgsqlCommand(statement, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
