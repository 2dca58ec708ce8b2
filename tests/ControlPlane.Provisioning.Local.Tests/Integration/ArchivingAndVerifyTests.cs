using ControlPlane.Provisioning.Backups;
using Xunit.Abstractions;
using static ControlPlane.Provisioning.Local.Tests.Integration.ClientConnections;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

/// <summary>One single-member instance: archiving broken and repaired, a backup verified, then damaged: verified again and restored from.</summary>
[Collection(PatroniCollection.Name)]
public sealed class ArchivingAndVerifyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(120);

    [PgBackRestFact]
    public async Task Should_report_archiving_broken_and_repaired_and_fail_the_verify_and_the_restore_of_a_damaged_backup()
    {
        await using var harness = new LocalDriverHarness(output);
        var desired = TestInstances.Desired(TestInstances.Ha(0), name: "archived");
        var endpoints = (await harness.ReconcileUntilReadyAsync(desired, Ready)).Endpoints!;
        await using (var connection = Primary(endpoints, desired.Credentials))
        {
            await ExecuteAsync(connection, "CREATE TABLE items AS SELECT g AS id, md5(g::text) AS payload FROM generate_series(1, 20000) g");
        }

        await BackupSql.SwitchAndWaitForArchiveAsync(harness, desired, TimeSpan.FromSeconds(60));
        var healthy = await harness.Backups.GetArchivingStatusAsync(desired, CancellationToken.None);
        Assert.True(healthy.Healthy, healthy.Message);

        // An unwritable repository: the archive directories of this stanza lose their write bit.
        var archive = Path.Combine(harness.RepositoryDirectory, "archive", desired.InstanceId.ToString("D"));
        var directories = Directory.GetDirectories(archive, "*", SearchOption.AllDirectories).Append(archive).ToList();
        foreach (var directory in directories)
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }

        await using (var superuser = await BackupSql.PrimarySuperuserAsync(harness, desired))
        {
            await BackupSql.SwitchAsync(superuser);
        }

        var broken = await LocalDriverHarness.EventuallyAsync(
            () => harness.Backups.GetArchivingStatusAsync(desired, CancellationToken.None),
            status => !status.Healthy,
            TimeSpan.FromSeconds(60),
            "archiving reported broken");
        output.WriteLine(broken.Message);
        Assert.Equal(ArchivingReasons.CommandFailing, broken.Reason);
        Assert.True(broken.FailedCount > 0);
        Assert.True(broken.PendingSegments >= 1);

        foreach (var directory in directories)
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }

        await BackupSql.SwitchAndWaitForArchiveAsync(harness, desired, TimeSpan.FromSeconds(90));
        var repaired = await harness.Backups.GetArchivingStatusAsync(desired, CancellationToken.None);
        Assert.True(repaired.Healthy, repaired.Message);
        Assert.Equal(0, repaired.PendingSegments);

        var backup = await harness.Backups.BackupAsync(desired, BackupKind.Full, CancellationToken.None);
        Assert.True(backup.Succeeded, backup.Error);
        var listed = Assert.Single(await harness.Backups.ListAsync(desired.InstanceId, CancellationToken.None));
        Assert.Equal(backup.Backup!.Id, listed.Id);
        Assert.Equal(BackupStatus.Completed, listed.Status);
        Assert.True(listed.SizeBytes > 1_000_000, $"size {listed.SizeBytes}");

        var verified = await harness.Backups.VerifyAsync(desired.InstanceId, listed.Id, CancellationToken.None);
        Assert.True(verified.Succeeded, verified.Reason);
        Assert.True(verified.Duration > TimeSpan.Zero);

        // Damage the largest data file of the backup (the table written above).
        var files = Path.Combine(harness.RepositoryDirectory, "backup", desired.InstanceId.ToString("D"), listed.Id, "pg_data", "base");
        var largest = new DirectoryInfo(files).EnumerateFiles("*", SearchOption.AllDirectories).MaxBy(f => f.Length)!;
        await using (var stream = new FileStream(largest.FullName, FileMode.Open, FileAccess.Write))
        {
            stream.Seek(largest.Length / 2, SeekOrigin.Begin);
            stream.Write(new byte[64]);
        }

        var damaged = await harness.Backups.VerifyAsync(desired.InstanceId, listed.Id, CancellationToken.None);
        output.WriteLine(damaged.Reason);
        Assert.False(damaged.Succeeded);
        Assert.Contains("restore failed", damaged.Reason, StringComparison.Ordinal);
        Assert.Empty(Directory.GetDirectories(Path.Combine(harness.DataDirectory, ".pgbackrest", "verify")));

        // A restore from the damaged backup fails for good, with pgBackRest's reason, instead of waiting forever.
        var restored = TestInstances.Desired(TestInstances.Ha(0), name: "fromdamaged") with { Source = new RestoreSource(desired.InstanceId, null) };
        var failed = await harness.ReconcileUntilReadyAsync(restored, TimeSpan.FromSeconds(120));
        output.WriteLine(failed.PermanentFailure);
        Assert.Equal("restore", failed.Step);
        Assert.Contains("ERROR", failed.PermanentFailure, StringComparison.Ordinal);
    }
}
