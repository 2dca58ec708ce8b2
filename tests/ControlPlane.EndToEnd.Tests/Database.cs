using System.Text.Json.Nodes;
using Npgsql;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>A customer's view: connect with the credentials and endpoints the API hands out.</summary>
internal static class Database
{
    public static string ConnectionString(JsonObject connection, bool readOnly)
    {
        var endpoint = connection[readOnly ? "readOnly" : "primary"]!;
        return new NpgsqlConnectionStringBuilder
        {
            Host = endpoint["host"]!.GetValue<string>(),
            Port = endpoint["port"]!.GetValue<int>(),
            Database = connection["database"]!.GetValue<string>(),
            Username = connection["username"]!.GetValue<string>(),
            Password = connection["password"]!.GetValue<string>(),
            Pooling = false,
            Timeout = 5,
            CommandTimeout = 10,
        }.ConnectionString;
    }

    public static async Task<bool> TryExecuteAsync(string connectionString, string sql)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
