using ControlPlane.Provisioning.DesiredState;
using Npgsql;

namespace ControlPlane.Worker.Tests.Infrastructure;

/// <summary>A database of its own for one test, with the worker views and role from Fixtures/worker-views.sql.</summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    public const string WorkerRole = "controlplane_worker";

    private readonly string _adminServer;

    private ScratchDatabase(string adminServer, string name)
    {
        _adminServer = adminServer;
        Name = name;
        Admin = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(adminServer) { Database = name }.ConnectionString);
    }

    public string Name { get; }

    /// <summary>The owner's connections, playing the control plane that writes desired state.</summary>
    public NpgsqlDataSource Admin { get; }

    public string WorkerConnectionString => new NpgsqlConnectionStringBuilder(_adminServer)
    {
        Database = Name,
        Username = WorkerRole,
        Password = TestServices.WorkerDbPassword,
    }.ConnectionString;

    public static async Task<ScratchDatabase> CreateAsync()
    {
        var adminServer = TestServices.PostgresAdmin;
        var name = $"cpw_{Guid.NewGuid():N}";
        await using (var server = new NpgsqlConnection(adminServer))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", server);
            await create.ExecuteNonQueryAsync();
        }

        var database = new ScratchDatabase(adminServer, name);
        var fixture = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "worker-views.sql"));
        var password = "'" + TestServices.WorkerDbPassword.Replace("'", "''", StringComparison.Ordinal) + "'";
        await using var apply = database.Admin.CreateCommand(fixture.Replace("'worker-test'", password, StringComparison.Ordinal));
        await apply.ExecuteNonQueryAsync();
        return database;
    }

    public async Task UpsertAsync(DesiredInstanceRow row)
    {
        await using var command = Admin.CreateCommand("""
            INSERT INTO instances (id, organization_id, name, region, generation, status, plan, plan_vcpu, plan_memory_mb,
              postgres_version, storage_gb, ha_enabled, replicas, replication_mode, data_durability, credentials_protected)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (id) DO UPDATE SET generation = EXCLUDED.generation, status = EXCLUDED.status,
              storage_gb = EXCLUDED.storage_gb, ha_enabled = EXCLUDED.ha_enabled, replicas = EXCLUDED.replicas
            """);
        object[] values =
        [
            row.InstanceId, row.OrganizationId, row.Name, row.Region, row.Generation, row.Status, row.Plan, row.PlanVCpu,
            row.PlanMemoryMb, row.PostgresVersion, row.StorageGb, row.HaEnabled, row.Replicas, row.ReplicationMode,
            row.DataDurability, row.CredentialsProtected,
        ];
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Plays the API accepting a switchover (status pending), or moving it on (succeeded, failed).</summary>
    public async Task<Guid> AddSwitchoverAsync(Guid instanceId, string? targetMember, string? fromMember, string status = "pending", Guid? operationId = null)
    {
        var id = operationId ?? Guid.NewGuid();
        await using var command = Admin.CreateCommand("""
            INSERT INTO operations (id, instance_id, type, status, target_member, from_member, created_at)
            VALUES ($1, $2, 'switchover', $3, $4, $5, now())
            ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)targetMember ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)fromMember ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
        return id;
    }

    public Task SetSwitchoverStatusAsync(Guid instanceId, Guid operationId, string status) =>
        AddSwitchoverAsync(instanceId, null, null, status, operationId);

    /// <summary>Marks an instance as restored from <paramref name="sourceId"/>, as the API records a create with a source.</summary>
    public async Task SetSourceAsync(Guid instanceId, Guid sourceId, DateTimeOffset? pointInTime)
    {
        await using var command = Admin.CreateCommand("UPDATE instances SET source_instance_id = $2, source_point_in_time = $3 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = sourceId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)pointInTime ?? DBNull.Value });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A backup operation and the backup row it wrote, as the API records an on-demand backup.</summary>
    public async Task<Guid> AddBackupAsync(Guid instanceId, string kind, string status = "pending")
    {
        var id = Guid.NewGuid();
        await using var command = Admin.CreateCommand("""
            WITH operation AS (INSERT INTO operations (id, instance_id, type, status, created_at) VALUES ($1, $2, 'backup', $3, now()) RETURNING id)
            INSERT INTO backups (id, instance_id, operation_id, kind, status, requested_at) SELECT gen_random_uuid(), $2, id, $4, 'running', now() FROM operation
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = instanceId });
        command.Parameters.Add(new NpgsqlParameter { Value = status });
        command.Parameters.Add(new NpgsqlParameter { Value = kind });
        await command.ExecuteNonQueryAsync();
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(_adminServer);
        await server.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", server);
        await drop.ExecuteNonQueryAsync();
    }
}
