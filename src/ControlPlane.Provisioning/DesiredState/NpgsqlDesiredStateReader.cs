using System.Runtime.CompilerServices;
using ControlPlane.Provisioning.Drivers;
using Npgsql;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>
/// Reads desired state through the worker_desired_instances view, as the controlplane_worker role that may SELECT
/// from the worker views and nothing else. Plain Npgsql: two queries do not need a DbContext.
/// </summary>
public sealed class NpgsqlDesiredStateReader(WorkerMetadataDataSource metadata, ICredentialsUnprotector unprotector)
    : IDesiredStateReader
{
    private const string Columns = """
        instance_id, organization_id, name, region, generation, status, plan, plan_vcpu, plan_memory_mb,
        postgres_version, storage_gb, ha_enabled, replicas, replication_mode, data_durability, credentials_protected
        """;

    public async Task<DesiredInstance?> GetAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        await using var command = metadata.DataSource.CreateCommand(
            $"SELECT {Columns} FROM worker_desired_instances WHERE instance_id = $1");
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = instanceId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRow(reader).ToDesired(Unprotect(reader)) : null;
    }

    public async IAsyncEnumerable<DesiredInstance> ListLiveAsync(
        string region, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = metadata.DataSource.CreateCommand(
            $"SELECT {Columns} FROM worker_desired_instances WHERE region = $1 AND status <> 'deleted' ORDER BY instance_id");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = region });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadRow(reader).ToDesired(Unprotect(reader));
        }
    }

    private InstanceCredentials Unprotect(NpgsqlDataReader reader) => unprotector.Unprotect(reader.GetString(15));

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
        reader.GetString(15));
}
