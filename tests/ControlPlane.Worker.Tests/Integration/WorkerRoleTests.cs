using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.DesiredState;
using ControlPlane.Testing.Provisioning;
using ControlPlane.Worker.Tests.Infrastructure;
using Npgsql;

namespace ControlPlane.Worker.Tests.Integration;

public sealed class WorkerRoleTests : IAsyncLifetime
{
    private const string Region = "eu-test";
    private ScratchDatabase _database = null!;
    private WorkerMetadataDataSource _worker = null!;

    public async Task InitializeAsync()
    {
        if (TestServices.Configured(TestServices.PostgresVariable) is null)
        {
            return;
        }

        _database = await ScratchDatabase.CreateAsync();
        _worker = WorkerMetadataDataSource.Create(_database.WorkerConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_database is null)
        {
            return;
        }

        await _worker.DisposeAsync();
        await _database.DisposeAsync();
    }

    [PostgresFact]
    public async Task Should_read_desired_state_through_the_views_as_the_worker_role()
    {
        var available = TestRows.Instance(Region, "available", generation: 3, password: "secret-a");
        var deleting = TestRows.Instance(Region, "deleting", ha: false);
        var deleted = TestRows.Instance(Region, "deleted");
        var elsewhere = TestRows.Instance("us-test", "available");
        foreach (var row in new[] { available, deleting, deleted, elsewhere })
        {
            await _database.UpsertAsync(row);
        }

        var reader = new NpgsqlDesiredStateReader(_worker, new FakeUnprotector());

        var desired = await reader.GetAsync(available.InstanceId, CancellationToken.None);
        Assert.NotNull(desired);
        Assert.Equal(available.OrganizationId, desired.OrganizationId);
        Assert.Equal(available.Name, desired.Name);
        Assert.Equal(3, desired.Generation);
        Assert.False(desired.Deleted);
        Assert.Equal(new InstanceSpec("medium", 16, 50, new HighAvailabilitySpec(true, 2, ReplicationMode.Synchronous, DataDurability.Required)), desired.Spec);
        Assert.Equal(2m, desired.Resources.VCpu);
        Assert.Equal(8192, desired.Resources.MemoryMb);
        Assert.Equal("secret-a", desired.Credentials.Password);

        Assert.True((await reader.GetAsync(deleting.InstanceId, CancellationToken.None))!.Deleted);
        Assert.True((await reader.GetAsync(deleted.InstanceId, CancellationToken.None))!.Deleted);
        Assert.Null(await reader.GetAsync(Guid.NewGuid(), CancellationToken.None));

        var live = new List<Guid>();
        await foreach (var instanceId in reader.ListLiveIdsAsync(Region, CancellationToken.None))
        {
            live.Add(instanceId);
        }

        Assert.Equal(new[] { available.InstanceId, deleting.InstanceId }.Order(), live.Order());
    }

    [PostgresFact]
    public async Task Should_show_the_owner_the_running_backup_and_its_kind_through_the_view()
    {
        var row = TestRows.Instance(Region, "available");
        await _database.UpsertAsync(row);
        var reader = new NpgsqlDesiredStateReader(_worker, new FakeUnprotector());
        var finished = await _database.AddBackupAsync(row.InstanceId, "full", status: "succeeded");
        Assert.Null((await reader.GetAsync(row.InstanceId, CancellationToken.None))!.Backup);

        var operationId = await _database.AddBackupAsync(row.InstanceId, "incremental", status: "running");

        var backup = (await reader.GetAsync(row.InstanceId, CancellationToken.None))!.Backup;
        Assert.NotNull(backup);
        Assert.NotEqual(finished, backup.OperationId);
        Assert.Equal((operationId, Domain.Backups.BackupKind.Incremental), (backup.OperationId, backup.Kind));
    }

    [PostgresFact]
    public async Task Should_give_the_owner_a_restored_instances_source_and_point_in_time_through_the_view()
    {
        var plain = TestRows.Instance(Region, "provisioning");
        var latest = TestRows.Instance(Region, "provisioning");
        var toTime = TestRows.Instance(Region, "provisioning");
        foreach (var row in new[] { plain, latest, toTime })
        {
            await _database.UpsertAsync(row);
        }

        var source = Guid.NewGuid();
        var pointInTime = new DateTimeOffset(2026, 12, 7, 13, 14, 15, 678, TimeSpan.Zero);
        await _database.SetSourceAsync(latest.InstanceId, source, null);
        await _database.SetSourceAsync(toTime.InstanceId, source, pointInTime);
        var reader = new NpgsqlDesiredStateReader(_worker, new FakeUnprotector());

        Assert.Null((await reader.GetAsync(plain.InstanceId, CancellationToken.None))!.Source);
        Assert.Equal(new Provisioning.Backups.RestoreSource(source, null), (await reader.GetAsync(latest.InstanceId, CancellationToken.None))!.Source);
        Assert.Equal(new Provisioning.Backups.RestoreSource(source, pointInTime), (await reader.GetAsync(toTime.InstanceId, CancellationToken.None))!.Source);
    }

    [PostgresFact]
    public async Task Should_refuse_every_write_from_the_worker_role()
    {
        var row = TestRows.Instance(Region);
        await _database.UpsertAsync(row);

        string[] writes =
        [
            $"UPDATE worker_desired_instances SET status = 'deleted' WHERE instance_id = '{row.InstanceId}'",
            $"DELETE FROM worker_desired_instances WHERE instance_id = '{row.InstanceId}'",
            """
            INSERT INTO worker_desired_instances (instance_id, organization_id, name, region, generation, status, plan, plan_vcpu,
              plan_memory_mb, postgres_version, storage_gb, ha_enabled, replicas, replication_mode, data_durability, credentials_protected)
            VALUES (gen_random_uuid(), gen_random_uuid(), 'x', 'eu-test', 1, 'provisioning', 'small', 1, 2048, 16, 20, false, 0,
              'synchronous', 'preferred', 'p')
            """,
            $"UPDATE instances SET generation = 99 WHERE id = '{row.InstanceId}'",
            "INSERT INTO worker_data_protection_keys (friendly_name, xml) VALUES ('key-x', '<key/>')",
            "SELECT count(*) FROM instances",
            "CREATE TABLE worker_scratch (id int)",
        ];

        foreach (var sql in writes)
        {
            await using var command = _worker.DataSource.CreateCommand(sql);
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            // The desired-instances view joins the pending switchover, so PostgreSQL refuses writes to it as not updatable.
            Assert.True(error.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectNotInPrerequisiteState,
                $"{sql}: {error.SqlState} {error.MessageText}");
        }

        await using var check = _database.Admin.CreateCommand($"SELECT generation, status FROM instances WHERE id = '{row.InstanceId}'");
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.GetInt64(0));
        Assert.Equal("provisioning", reader.GetString(1));
    }
}
