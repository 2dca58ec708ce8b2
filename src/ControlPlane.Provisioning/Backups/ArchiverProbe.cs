using ControlPlane.Provisioning.Postgres;
using Npgsql;

namespace ControlPlane.Provisioning.Backups;

/// <summary>Reads a primary's archiver statistics; the same SQL serves every driver.</summary>
public static class ArchiverProbe
{
    private const string Sql = """
        SELECT archived_count, last_archived_wal, last_archived_time, failed_count, last_failed_wal, last_failed_time,
               (SELECT count(*)::int FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready')
        FROM pg_stat_archiver
        """;

    public static async Task<ArchiverStatistics> ReadAsync(PostgresServer server, string superuserPassword, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(server.SuperuserConnectionString(superuserPassword));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ArchiverStatistics(
            reader.GetInt64(0),
            reader.IsDBNull(1) ? null : reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetInt64(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            reader.GetInt32(6));
    }
}
