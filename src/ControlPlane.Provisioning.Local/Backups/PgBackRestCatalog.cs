using ControlPlane.Provisioning.Backups;

namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>
/// What the repository holds for one stanza, read without the instance (which may have been deleted): its backups from
/// <c>pgbackrest info</c>, and its recovery window.
/// </summary>
public sealed class PgBackRestCatalog(PgBackRest pgBackRest)
{
    public async Task<IReadOnlyList<BackupRecord>> ListAsync(string stanza, CancellationToken cancellationToken)
    {
        var output = await pgBackRest.RunAsync(pgBackRest.Paths.Config, stanza, ["--output=json", "info"], cancellationToken);
        if (!output.Succeeded)
        {
            throw new InvalidOperationException($"pgbackrest info failed for stanza {stanza}: {output.Problem()}");
        }

        return PgBackRestInfo.ParseBackups(output.StandardOutput);
    }

    /// <summary>
    /// From the end of the oldest backup (see <see cref="RestorableFrom"/>) to the newest WAL file in the archive. The newest file's modification time is
    /// when pgBackRest stored it, so no record in it is later: an honest upper bound that needs no running server and
    /// also serves a deleted instance. Null without a completed backup.
    /// </summary>
    public async Task<RecoveryWindow?> WindowAsync(string stanza, CancellationToken cancellationToken)
    {
        var backups = await ListAsync(stanza, cancellationToken);
        if (backups.Select(RestorableFrom).Min() is not { } earliest)
        {
            return null;
        }

        var latest = NewestArchivedAt(stanza) ?? earliest;
        return new RecoveryWindow(earliest, latest > earliest ? latest : earliest);
    }

    /// <summary>
    /// The first time a restore from this backup can reach. pgBackRest records the stop time in whole seconds, and the
    /// backup is consistent somewhere within that second: the next whole second is the honest bound (and pgBackRest's own
    /// time-based choice of a backup set compares whole seconds too).
    /// </summary>
    public static DateTimeOffset? RestorableFrom(BackupRecord backup) =>
        backup.Status != BackupStatus.Failed && backup.FinishedAt is { } finished ? finished.AddSeconds(1) : null;

    /// <summary>The newest backup a restore to <paramref name="target"/> can start from, or null when none ended early enough.</summary>
    public static BackupRecord? NewestBefore(IEnumerable<BackupRecord> backups, DateTimeOffset target) =>
        backups.Where(b => RestorableFrom(b) is { } from && from <= target).MaxBy(b => b.FinishedAt);

    public DateTimeOffset? NewestArchivedAt(string stanza)
    {
        var archive = new DirectoryInfo(Path.Combine(pgBackRest.Options.RepositoryDirectory, "archive", stanza));
        if (!archive.Exists)
        {
            return null;
        }

        // archive/<stanza>/<version-id>/<timeline+log>/<segment>-<sha1>[.lz4|.gz], and <timeline>.history next to the log directories.
        var newest = archive.EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => !f.Name.StartsWith("archive.info", StringComparison.Ordinal))
            .Select(f => (DateTimeOffset?)new DateTimeOffset(f.LastWriteTimeUtc, TimeSpan.Zero))
            .Max();
        return newest;
    }
}
