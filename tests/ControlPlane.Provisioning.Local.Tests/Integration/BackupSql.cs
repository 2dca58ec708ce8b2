using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.Configuration;
using ControlPlane.Provisioning.Postgres;
using Npgsql;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>The superuser's view of an instance's current primary: switching WAL and waiting for the archiver.</summary>
internal static class BackupSql
{
    public static async Task<NpgsqlConnection> PrimarySuperuserAsync(LocalDriverHarness harness, DesiredInstance desired)
    {
        var leader = (await harness.ClusterAsync(desired)).Leader ?? throw new InvalidOperationException("no leader");
        var state = harness.Store.Read(desired.InstanceId)!;
        var port = state.Slots[state.SlotOf(leader.Name)!.Value].Postgres;
        var connection = new NpgsqlConnection(PostgresServer.Local("127.0.0.1", port, PatroniConfigBuilder.SuperuserName)
            .SuperuserConnectionString(desired.Credentials.SuperuserPassword));
        await connection.OpenAsync();
        return connection;
    }

    public static async Task<string> TextAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    /// <summary>Writes a WAL record (an empty segment is not switched) and closes the segment; returns the closed segment's name.</summary>
    public static async Task<string> SwitchAsync(NpgsqlConnection superuser)
    {
        await TextAsync(superuser, "SELECT pg_logical_emit_message(false, 'controlplane-test', 'switch')");
        return await TextAsync(superuser, "SELECT pg_walfile_name(pg_switch_wal())");
    }

    /// <summary>Closes the current WAL segment and waits until the archiver reports it stored: everything written so far is in the archive.</summary>
    public static async Task SwitchAndWaitForArchiveAsync(LocalDriverHarness harness, DesiredInstance desired, TimeSpan timeout)
    {
        string segment;
        await using (var primary = await PrimarySuperuserAsync(harness, desired))
        {
            segment = await SwitchAsync(primary);
        }

        await LocalDriverHarness.EventuallyAsync(
            async () =>
            {
                await using var primary = await PrimarySuperuserAsync(harness, desired);
                return await TextAsync(primary, "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver");
            },
            archived => string.CompareOrdinal(archived, segment) >= 0,
            timeout,
            $"WAL segment {segment} in the archive");
    }
}
