using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;
using Npgsql;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>What a customer does with the endpoints: connect as the application user through the router.</summary>
internal static class ClientConnections
{
    public static NpgsqlConnection Primary(InstanceEndpoints endpoints, InstanceCredentials credentials) =>
        Open(endpoints.PrimaryHost, endpoints.PrimaryPort, credentials);

    public static NpgsqlConnection ReadOnly(InstanceEndpoints endpoints, InstanceCredentials credentials) =>
        Open(endpoints.ReadOnlyHost!, endpoints.ReadOnlyPort!.Value, credentials);

    public static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static NpgsqlConnection Open(string host, int port, InstanceCredentials credentials) =>
        new(new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Username = credentials.Username,
            Password = credentials.Password,
            Database = credentials.Database,
            Pooling = false,
            Timeout = 5,
            CommandTimeout = 10,
        }.ConnectionString);
}
