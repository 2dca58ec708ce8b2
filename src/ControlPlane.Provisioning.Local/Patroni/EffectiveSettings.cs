using ControlPlane.Provisioning.Local.Configuration;
using ControlPlane.Provisioning.Postgres;
using Npgsql;

namespace ControlPlane.Provisioning.Local.Patroni;

/// <summary>
/// What a member's PostgreSQL actually runs with. Patroni's own pending_restart flag appears only after its
/// next loop, so a plan change is confirmed against pg_settings on each member instead.
/// </summary>
public sealed class EffectiveSettings
{
    /// <summary>The size parameters whose running value differs from <paramref name="desired"/>, and whether any of them waits for a restart.</summary>
    public async Task<(IReadOnlyList<string> Differing, bool PendingRestart)> CompareSizesAsync(
        string host, int port, string superuserPassword, IReadOnlyDictionary<string, string> desired, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(
            PostgresServer.Local(host, port, PatroniConfigBuilder.SuperuserName).SuperuserConnectionString(superuserPassword));
        await connection.OpenAsync(cancellationToken);
        var differing = new List<string>();
        var pending = false;
        foreach (var (name, value) in desired)
        {
            // pg_size_bytes on both sides: PostgreSQL prints 1024MB back as 1GB.
            await using var command = new NpgsqlCommand(
                "SELECT pg_size_bytes(current_setting(@name)) = pg_size_bytes(@value), pending_restart FROM pg_settings WHERE name = @name", connection);
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("value", value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && !reader.GetBoolean(0))
            {
                differing.Add(name);
                pending |= reader.GetBoolean(1);
            }
        }

        return (differing, pending);
    }

    /// <summary>
    /// The same for settings compared as text (archive_mode): an instance created before archiving existed gets
    /// archive_mode through the DCS, and it takes effect only once the member restarts.
    /// </summary>
    public async Task<(IReadOnlyList<string> Differing, bool PendingRestart)> CompareTextAsync(
        string host, int port, string superuserPassword, IReadOnlyDictionary<string, string> desired, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(
            PostgresServer.Local(host, port, PatroniConfigBuilder.SuperuserName).SuperuserConnectionString(superuserPassword));
        await connection.OpenAsync(cancellationToken);
        var differing = new List<string>();
        var pending = false;
        foreach (var (name, value) in desired)
        {
            await using var command = new NpgsqlCommand("SELECT lower(setting) = lower(@value), pending_restart FROM pg_settings WHERE name = @name", connection);
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("value", value);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && !reader.GetBoolean(0))
            {
                differing.Add(name);
                pending |= reader.GetBoolean(1);
            }
        }

        return (differing, pending);
    }
}
