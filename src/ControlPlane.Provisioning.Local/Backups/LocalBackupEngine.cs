using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.Configuration;
using ControlPlane.Provisioning.Local.Patroni;
using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using ControlPlane.Provisioning.Postgres;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>pgBackRest behind <see cref="IBackupEngine"/> for the local driver's instances: a stanza per instance in one repository.</summary>
public sealed class LocalBackupEngine(
    IOptions<LocalDriverOptions> driverOptions,
    InstanceStateStore store,
    ClusterObserver observer,
    PgBackRest pgBackRest,
    PgBackRestCatalog catalog,
    BackupVerifier verifier,
    OwnedFiles files,
    TimeProvider timeProvider,
    ILogger<LocalBackupEngine> logger) : IBackupEngine
{
    public string Name => "pgbackrest";

    public async Task<BackupResult> BackupAsync(DesiredInstance instance, BackupKind kind, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        if (await PrimaryAsync(instance.InstanceId, cancellationToken) is not ({ } state, { } slot))
        {
            return new BackupResult(null, "the instance has no running primary to back up", timeProvider.GetElapsedTime(started));
        }

        if (!state.StanzaCreated)
        {
            return new BackupResult(null, "the instance's pgBackRest stanza is not created yet (its first reconcile has not finished)", timeProvider.GetElapsedTime(started));
        }

        var stanza = BackupPaths.Stanza(instance.InstanceId);
        var before = (await catalog.ListAsync(stanza, cancellationToken)).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        var output = await pgBackRest.RunAsync(
            PgBackRest.MemberConfig(store.Layout(state.InstanceId), slot), stanza, [$"--type={TypeOf(kind)}", "backup"], cancellationToken);
        var duration = timeProvider.GetElapsedTime(started);
        if (!output.Succeeded)
        {
            logger.LogWarning("Backup of {InstanceId} failed: {Problem}", instance.InstanceId, output.Problem());
            return new BackupResult(null, output.Problem(), duration);
        }

        var created = (await catalog.ListAsync(stanza, cancellationToken)).LastOrDefault(b => !before.Contains(b.Id));
        logger.LogInformation("Backed up {InstanceId} ({Kind}) as {BackupId} in {Duration}", instance.InstanceId, kind, created?.Id, duration);
        return created is null
            ? new BackupResult(null, "pgBackRest reported success but listed no new backup", duration)
            : new BackupResult(created, null, duration);
    }

    public Task<IReadOnlyList<BackupRecord>> ListAsync(Guid instanceId, CancellationToken cancellationToken) =>
        catalog.ListAsync(BackupPaths.Stanza(instanceId), cancellationToken);

    public Task<RecoveryWindow?> GetRecoveryWindowAsync(Guid instanceId, CancellationToken cancellationToken) =>
        catalog.WindowAsync(BackupPaths.Stanza(instanceId), cancellationToken);

    public async Task<ArchivingStatus> GetArchivingStatusAsync(DesiredInstance instance, CancellationToken cancellationToken)
    {
        if (await PrimaryAsync(instance.InstanceId, cancellationToken) is not ({ } state, { } slot))
        {
            return new ArchivingStatus(false, ArchivingReasons.NoPrimary, "no running primary to archive from", null, null, null, null, 0, 0);
        }

        var server = PostgresServer.Local(driverOptions.Value.Host, state.Slots[slot].Postgres, PatroniConfigBuilder.SuperuserName);
        var statistics = await ArchiverProbe.ReadAsync(server, instance.Credentials.SuperuserPassword, cancellationToken);
        return ArchivingEvaluator.Evaluate(statistics, pgBackRest.Options.PendingSegmentsThreshold);
    }

    public async Task<IReadOnlyList<string>> ExpireAsync(Guid instanceId, int retentionDays, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionDays, 1);
        var stanza = BackupPaths.Stanza(instanceId);
        var before = await catalog.ListAsync(stanza, cancellationToken);
        var output = await pgBackRest.RunAsync(
            pgBackRest.Paths.Config,
            stanza,
            ["--repo1-retention-full-type=time", $"--repo1-retention-full={retentionDays}", "expire"],
            cancellationToken);
        if (!output.Succeeded)
        {
            throw new InvalidOperationException($"pgbackrest expire failed for {instanceId}: {output.Problem()}");
        }

        var kept = (await catalog.ListAsync(stanza, cancellationToken)).Select(b => b.Id).ToHashSet(StringComparer.Ordinal);
        return [.. before.Select(b => b.Id).Where(id => !kept.Contains(id))];
    }

    public Task<VerifyResult> VerifyAsync(Guid instanceId, string backupId, CancellationToken cancellationToken) =>
        verifier.VerifyAsync(BackupPaths.Stanza(instanceId), backupId, cancellationToken);

    public async Task<bool> PurgeAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        var stanza = BackupPaths.Stanza(instanceId);
        var repository = pgBackRest.Options.RepositoryDirectory;
        if (!Directory.Exists(Path.Combine(repository, "backup", stanza)) && !Directory.Exists(Path.Combine(repository, "archive", stanza)))
        {
            return true;
        }

        // stanza-delete insists on a stopped stanza, so nothing archives into it while it goes, and on a pg1-path, where it
        // checks that no PostgreSQL runs: the deleted instance has none, so an empty scratch directory stands in.
        var standIn = Path.Combine(pgBackRest.Paths.Verify, Guid.NewGuid().ToString("N")[..12]);
        files.EnsureDirectory(standIn);
        CommandOutput stopped, deleted;
        try
        {
            stopped = await pgBackRest.RunAsync(pgBackRest.Paths.Config, stanza, ["stop"], cancellationToken);
            deleted = await pgBackRest.RunAsync(pgBackRest.Paths.Config, stanza, [$"--pg1-path={standIn}", "--force", "stanza-delete"], cancellationToken);
            await pgBackRest.RunAsync(pgBackRest.Paths.Config, stanza, ["start"], cancellationToken);
        }
        finally
        {
            files.DeleteDirectory(standIn);
        }

        if (!stopped.Succeeded || !deleted.Succeeded)
        {
            logger.LogWarning("Purging the backups of {InstanceId} failed: {Problem}", instanceId, (deleted.Succeeded ? stopped : deleted).Problem());
            return false;
        }

        logger.LogInformation("Purged every backup and archived WAL of {InstanceId}", instanceId);
        return true;
    }

    private static string TypeOf(BackupKind kind) => kind switch
    {
        BackupKind.Full => "full",
        BackupKind.Differential => "diff",
        BackupKind.Incremental => "incr",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private async Task<(InstanceState? State, int? Slot)> PrimaryAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        if (store.Read(instanceId) is not { } state || await observer.ObserveAsync(state, cancellationToken) is not { } view)
        {
            return (null, null);
        }

        return view.Leader is { IsRunning: true } leader && state.SlotOf(leader.Name) is { } slot ? (state, slot) : (null, null);
    }
}
