using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using ControlPlane.Contracts.Events;
using ControlPlane.Domain;
using ControlPlane.Domain.Backups;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using Npgsql;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>
/// Reads desired state through the worker_desired_instances view, as the controlplane_worker role that may SELECT
/// from the worker views and nothing else. The view also carries the instance's pending switchover and backup operations, so any worker
/// that owns the instance knows about it. Plain Npgsql: three queries do not need a DbContext.
/// </summary>
public sealed class NpgsqlDesiredStateReader(WorkerMetadataDataSource metadata, ICredentialsUnprotector unprotector)
    : IDesiredStateReader
{
    private const string Columns = """
        instance_id, organization_id, name, region, generation, status, plan, plan_vcpu, plan_memory_mb,
        postgres_version, storage_gb, ha_enabled, replicas, replication_mode, data_durability, credentials_protected,
        switchover_operation_id, switchover_target_member, switchover_leader, switchover_requested_at,
        recorded_leader, recorded_leader_at, backup_operation_id, backup_kind, backup_requested_at,
        source_instance_id, source_point_in_time
        """;

    public async Task<DesiredInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = metadata.DataSource.CreateCommand(
            $"SELECT {Columns} FROM worker_desired_instances WHERE instance_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = instanceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var row = ReadRow(reader);
        return row.ToDesired(Unprotect(row)) with { RecordedStatus = row.Status };
    }

    public async Task<PendingSwitchover?> GetPendingSwitchoverAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = metadata.DataSource.CreateCommand(
            "SELECT switchover_operation_id, switchover_target_member, switchover_leader, switchover_requested_at FROM worker_desired_instances WHERE instance_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = instanceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSwitchover(reader, 0) : null;
    }

    public async IAsyncEnumerable<LiveInstance> ListLiveAsync(
        string region, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = metadata.DataSource.CreateCommand(
            "SELECT instance_id, generation FROM worker_desired_instances WHERE region = $1 AND status <> 'deleted' ORDER BY instance_id");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = region });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new LiveInstance(reader.GetGuid(0), reader.GetInt64(1));
        }
    }

    public async IAsyncEnumerable<Guid> ListLiveIdsAsync(
        string region, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = metadata.DataSource.CreateCommand(
            "SELECT instance_id FROM worker_desired_instances WHERE region = $1 AND status <> 'deleted' ORDER BY instance_id");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = region });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return reader.GetGuid(0);
        }
    }

    private InstanceCredentials Unprotect(DesiredInstanceRow row)
    {
        try
        {
            return unprotector.Unprotect(row.CredentialsProtected);
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException)
        {
            throw new DesiredStateUnreadableException(row.InstanceId, row.Generation, InstanceReconcileFailing.CredentialsUnreadable,
                "The worker cannot decrypt this instance's credentials with its data protection key ring "
                + "(was the metadata database written with another master key?); nothing is changed on the instance until it can.", ex);
        }
    }

    private static DesiredInstanceRow ReadRow(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetInt64(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetDecimal(7),
        reader.GetInt32(8),
        reader.GetInt32(9),
        reader.GetInt32(10),
        reader.GetBoolean(11),
        reader.GetInt32(12),
        reader.GetString(13),
        reader.GetString(14),
        reader.GetString(15))
    {
        Switchover = ReadSwitchover(reader, 16),
        RecordedLeader = reader.IsDBNull(20) ? null : new LeaderSighting(reader.GetString(20), reader.IsDBNull(21) ? DateTimeOffset.MinValue : reader.GetFieldValue<DateTimeOffset>(21)),
        Backup = reader.IsDBNull(22)
            ? null
            : new PendingBackup(reader.GetGuid(22), EnumWords.Parse<BackupKind>(reader.GetString(23)), reader.GetFieldValue<DateTimeOffset>(24)),
        Source = reader.IsDBNull(25)
            ? null
            : new Backups.RestoreSource(reader.GetGuid(25), reader.IsDBNull(26) ? null : reader.GetFieldValue<DateTimeOffset>(26)),
    };

    private static PendingSwitchover? ReadSwitchover(NpgsqlDataReader reader, int first) =>
        reader.IsDBNull(first)
            ? null
            : new PendingSwitchover(
                reader.GetGuid(first),
                reader.IsDBNull(first + 1) ? null : reader.GetString(first + 1),
                reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
                reader.GetFieldValue<DateTimeOffset>(first + 3));
}
