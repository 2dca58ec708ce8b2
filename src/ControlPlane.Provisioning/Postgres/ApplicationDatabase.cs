using ControlPlane.Provisioning.Drivers;
using Npgsql;

namespace ControlPlane.Provisioning.Postgres;

/// <summary>
/// The customer's role and database on the primary, for both drivers: created after bootstrap (Patroni dropped
/// bootstrap.users, and Spilo only creates its system roles), and the password set again whenever the desired one no
/// longer logs in, which is how a rotation reaches PostgreSQL. Idempotent on every reconcile pass.
/// Passwords travel only as SCRAM verifiers: PostgreSQL logs DDL (Spilo sets log_statement=ddl), and the verifier is
/// all it would log. Identifiers and literals are quoted by PostgreSQL's own format(%I, %L).
/// </summary>
public sealed class ApplicationDatabase
{
    /// <summary>What it changed ("created role", "set password"...), empty when everything already matched.</summary>
    public async Task<IReadOnlyList<string>> EnsureAsync(PostgresServer server, InstanceCredentials credentials, CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        await using var superuser = new NpgsqlConnection(server.SuperuserConnectionString(credentials.SuperuserPassword));
        await superuser.OpenAsync(cancellationToken);

        var roleExisted = await ExistsAsync(superuser, "SELECT 1 FROM pg_roles WHERE rolname = $1", credentials.Username, cancellationToken);
        if (!roleExisted)
        {
            await ExecuteFormattedAsync(
                superuser, "CREATE ROLE %I LOGIN PASSWORD %L", [credentials.Username, ScramSha256Verifier.Compute(credentials.Password)], cancellationToken);
            changes.Add("created role");
        }

        if (!await ExistsAsync(superuser, "SELECT 1 FROM pg_database WHERE datname = $1", credentials.Database, cancellationToken))
        {
            await ExecuteFormattedAsync(superuser, "CREATE DATABASE %I OWNER %I", [credentials.Database, credentials.Username], cancellationToken);
            changes.Add("created database");
        }

        // Checking by logging in avoids a new verifier (and WAL) on every pass when nothing changed.
        if (roleExisted && !await PasswordWorksAsync(server, credentials, cancellationToken))
        {
            await ExecuteFormattedAsync(
                superuser, "ALTER ROLE %I WITH LOGIN PASSWORD %L", [credentials.Username, ScramSha256Verifier.Compute(credentials.Password)], cancellationToken);
            changes.Add("set password");
        }

        return changes;
    }

    private static async Task<bool> PasswordWorksAsync(PostgresServer server, InstanceCredentials credentials, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString(credentials.Username, credentials.Password, credentials.Database));
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
        {
            // 28000 is a role that may not log in (LOGIN was taken away): ALTER ROLE ... LOGIN gives it back.
            return false;
        }
    }

    private static async Task<bool> ExistsAsync(NpgsqlConnection connection, string sql, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { Parameters = { new() { Value = name } } };
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>DDL takes no bind parameters, so the server quotes identifiers and literals itself with format().</summary>
    private static async Task ExecuteFormattedAsync(NpgsqlConnection connection, string template, string[] values, CancellationToken cancellationToken)
    {
        var placeholders = string.Join(", ", values.Select((_, i) => $"${i + 2}"));
        string statement;
        await using (var format = new NpgsqlCommand($"SELECT format($1, {placeholders})", connection))
        {
            format.Parameters.Add(new NpgsqlParameter { Value = template });
            foreach (var value in values)
            {
                format.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            statement = (string)(await format.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var execute = new NpgsqlCommand(statement, connection);
        await execute.ExecuteNonQueryAsync(cancellationToken);
    }
}
