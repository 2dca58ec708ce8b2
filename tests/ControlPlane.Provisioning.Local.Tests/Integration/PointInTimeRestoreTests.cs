using ControlPlane.Provisioning.Local.Backups;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.Processes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static ControlPlane.Provisioning.Local.Tests.Integration.ClientConnections;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>One source cluster, restored twice into new instances: before and after a failover (the second time deleted), then purged.</summary>
[Collection(PatroniCollection.Name)]
public sealed class PointInTimeRestoreTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Archived = TimeSpan.FromSeconds(60);

    [PgBackRestFact]
    public async Task Should_restore_exactly_the_rows_committed_before_the_target_time_across_a_failover_and_after_the_source_is_deleted_until_it_is_purged()
    {
        await using var harness = new LocalDriverHarness(output);
        var source = TestInstances.Desired(TestInstances.Ha(1), name: "source");
        var endpoints = (await harness.ReconcileUntilReadyAsync(source, Ready)).Endpoints!;
        await WriteAsync(endpoints, source.Credentials, "CREATE TABLE events (id bigserial PRIMARY KEY, batch int, at timestamptz NOT NULL DEFAULT clock_timestamp())");
        await InsertBatchAsync(endpoints, source.Credentials, "events", 1);

        var backup = await harness.Backups.BackupAsync(source, BackupKind.Full, CancellationToken.None);
        Assert.True(backup.Succeeded, backup.Error);
        Assert.Equal(BackupKind.Full, backup.Backup!.Kind);
        Assert.NotNull(backup.Backup.LsnStop);
        Assert.NotNull(backup.Backup.WalStart);

        // A backup is restorable from the second after it ended (pgBackRest records whole seconds).
        await Task.Delay(TimeSpan.FromSeconds(1));
        await InsertBatchAsync(endpoints, source.Credentials, "events", 2);
        var target = await ServerNowAsync(endpoints, source.Credentials);
        await InsertBatchAsync(endpoints, source.Credentials, "events", 3);
        await WriteAsync(endpoints, source.Credentials, "DROP TABLE events");
        await BackupSql.SwitchAndWaitForArchiveAsync(harness, source, Archived);

        var window = await harness.Backups.GetRecoveryWindowAsync(source.InstanceId, CancellationToken.None);
        Assert.NotNull(window);
        Assert.True(window.Contains(target), $"target {target:O} outside the window {window}");

        // Before the second after the backup ended there is nothing consistent to restore to: refused, not attempted.
        var early = Restored(source, backup.Backup.FinishedAt!.Value.AddMilliseconds(500), "early");
        var tooEarly = await harness.Driver.ReconcileAsync(early, CancellationToken.None);
        Assert.Equal("restore", tooEarly.Step);
        Assert.Contains("before the recovery window", tooEarly.PermanentFailure, StringComparison.Ordinal);
        Assert.True(await harness.Driver.DeleteAsync(early, CancellationToken.None));

        // A new instance with its own passwords: the restored roles must take them.
        var restored = Restored(source, target, "restored");
        var restoredEndpoints = (await harness.ReconcileUntilReadyAsync(restored, Ready)).Endpoints!;
        await using (var connection = Primary(restoredEndpoints, restored.Credentials))
        {
            Assert.Equal(200, await ScalarAsync(connection, "SELECT count(*) FROM events"));
            Assert.Equal(0, await ScalarAsync(connection, $"SELECT count(*) FROM events WHERE batch = 3 OR at >= '{PgBackRestConfigBuilder.TargetText(target)}'"));
        }

        // The restored instance archives into its own stanza, not its source's.
        await BackupSql.SwitchAndWaitForArchiveAsync(harness, restored, Archived);
        Assert.True(Directory.Exists(Path.Combine(harness.RepositoryDirectory, "archive", restored.InstanceId.ToString("D"))));
        Assert.True((await harness.Backups.GetArchivingStatusAsync(restored, CancellationToken.None)).Healthy);
        Assert.True(await harness.Driver.DeleteAsync(restored, CancellationToken.None));

        // Fail over: the new primary takes over archiving on a new timeline.
        var oldLeader = (await harness.ClusterAsync(source)).Leader!.Name;
        KillMember(harness, source, oldLeader);
        await LocalDriverHarness.EventuallyAsync(
            () => harness.ClusterAsync(source),
            view => view.Leader is { IsRunning: true } leader && leader.Name != oldLeader,
            TimeSpan.FromSeconds(60),
            "a new leader after the failover");
        await LocalDriverHarness.EventuallyAsync(
            async () =>
            {
                await WriteAsync(endpoints, source.Credentials, "CREATE TABLE IF NOT EXISTS ledger (id bigserial PRIMARY KEY, batch int, at timestamptz NOT NULL DEFAULT clock_timestamp())");
                return true;
            },
            done => done,
            TimeSpan.FromSeconds(45),
            "writes on the new primary");
        await InsertBatchAsync(endpoints, source.Credentials, "ledger", 1);
        var afterFailover = await ServerNowAsync(endpoints, source.Credentials);
        await InsertBatchAsync(endpoints, source.Credentials, "ledger", 2);
        await BackupSql.SwitchAndWaitForArchiveAsync(harness, source, Archived);
        Assert.True((await harness.Backups.GetArchivingStatusAsync(source, CancellationToken.None)).Healthy);

        // The source is deleted: its backups and WAL stay in the repository, and the restore still works from them.
        Assert.True(await harness.Driver.DeleteAsync(source, CancellationToken.None));
        var crossed = Restored(source, afterFailover, "crossed");
        var crossedEndpoints = (await harness.ReconcileUntilReadyAsync(crossed, Ready)).Endpoints!;
        await using (var connection = Primary(crossedEndpoints, crossed.Credentials))
        {
            Assert.Equal(100, await ScalarAsync(connection, "SELECT count(*) FROM ledger"));
            Assert.Equal(0, await ScalarAsync(connection, "SELECT count(*) FROM ledger WHERE batch = 2"));
        }

        // Replayed from the backup's timeline (1) through the failover's (2) into one of its own.
        await using (var superuser = await BackupSql.PrimarySuperuserAsync(harness, crossed))
        {
            var timeline = Convert.ToInt32(await BackupSql.TextAsync(superuser, "SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)"), 16);
            Assert.True(timeline >= 3, $"timeline {timeline}");
        }

        Assert.True(await harness.Driver.DeleteAsync(crossed, CancellationToken.None));

        // No point in time: the end of the deleted source's archive, every committed row.
        var latest = TestInstances.Desired(TestInstances.Ha(0), name: "latest") with { Source = new RestoreSource(source.InstanceId, null) };
        var latestEndpoints = (await harness.ReconcileUntilReadyAsync(latest, Ready)).Endpoints!;
        await using (var connection = Primary(latestEndpoints, latest.Credentials))
        {
            Assert.Equal(200, await ScalarAsync(connection, "SELECT count(*) FROM ledger"));
            Assert.Equal(0, await ScalarAsync(connection, "SELECT count(*) FROM pg_tables WHERE tablename = 'events'"));
        }

        // Once its retention ran out, the deleted source's backups and WAL are purged and a restore from it is refused.
        Assert.True(await harness.Backups.PurgeAsync(source.InstanceId, CancellationToken.None));
        Assert.Empty(await harness.Backups.ListAsync(source.InstanceId, CancellationToken.None));
        Assert.Null(await harness.Backups.GetRecoveryWindowAsync(source.InstanceId, CancellationToken.None));
        Assert.False(Directory.Exists(Path.Combine(harness.RepositoryDirectory, "archive", source.InstanceId.ToString("D"))));
        var refused = await harness.Driver.ReconcileAsync(Restored(source, afterFailover, "refused"), CancellationToken.None);
        Assert.Equal("restore", refused.Step);
        Assert.Contains("no backup", refused.PermanentFailure, StringComparison.Ordinal);
    }

    private static DesiredInstance Restored(DesiredInstance source, DateTimeOffset target, string name) =>
        TestInstances.Desired(TestInstances.Ha(0), name: name, credentials: TestInstances.Credentials("restored: pass #2"))
        with { Source = new RestoreSource(source.InstanceId, target) };

    private static void KillMember(LocalDriverHarness harness, DesiredInstance desired, string member)
    {
        var state = harness.Store.Read(desired.InstanceId)!;
        var slot = state.SlotOf(member)!.Value;
        var layout = harness.Store.Layout(desired.InstanceId);
        var processes = harness.Services.GetRequiredService<InstanceProcesses>();
        ProcessInspector.Signal(processes.PatroniPid(layout, slot)!.Value, NativeMethods.SigKill);
        ProcessInspector.Signal(processes.PostmasterPid(layout, slot)!.Value, NativeMethods.SigKill);
    }

    /// <summary>100 rows, each committed on its own so every one has a commit record of its own time.</summary>
    private static async Task InsertBatchAsync(InstanceEndpoints endpoints, InstanceCredentials credentials, string table, int batch)
    {
        await using var connection = Primary(endpoints, credentials);
        for (var row = 0; row < 100; row++)
        {
            await ExecuteAsync(connection, $"INSERT INTO {table} (batch) VALUES ({batch})");
        }
    }

    private static async Task WriteAsync(InstanceEndpoints endpoints, InstanceCredentials credentials, string sql)
    {
        await using var connection = Primary(endpoints, credentials);
        await ExecuteAsync(connection, sql);
    }

    /// <summary>The server's clock, between two commits: a few milliseconds of margin on both sides.</summary>
    private static async Task<DateTimeOffset> ServerNowAsync(InstanceEndpoints endpoints, InstanceCredentials credentials)
    {
        await Task.Delay(50);
        await using var connection = Primary(endpoints, credentials);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT clock_timestamp()", connection);
        var now = (DateTime)(await command.ExecuteScalarAsync())!;
        await Task.Delay(50);
        return new DateTimeOffset(DateTime.SpecifyKind(now, DateTimeKind.Utc));
    }
}
