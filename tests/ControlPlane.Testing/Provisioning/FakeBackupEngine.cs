using System.Collections.Concurrent;
using ControlPlane.Provisioning.Backups;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Testing.Provisioning;

/// <summary>A backup engine in memory: each backup call answers <see cref="Answer"/>, and may be held until released.</summary>
public sealed class FakeBackupEngine : IBackupEngine
{
    private int _backupCalls;

    public string Name => "fake-engine";

    public int BackupCalls => Volatile.Read(ref _backupCalls);

    public ConcurrentQueue<(Guid InstanceId, BackupKind Kind)> Requests { get; } = new();

    /// <summary>When set, every backup waits for it (so a test can run passes while one is in flight).</summary>
    public TaskCompletionSource? Hold { get; set; }

    public Func<DesiredInstance, BackupKind, BackupResult> Answer { get; set; } = (_, kind) => new BackupResult(Record("20261125-120000F", kind), null, TimeSpan.FromSeconds(3));

    public static BackupRecord Record(string id, BackupKind kind) => new(
        id, kind, BackupStatus.Completed, new DateTimeOffset(2026, 11, 25, 11, 59, 57, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        "000000010000000000000003", "000000010000000000000004", "0/3000028", "0/4000100", 31_000_000, 4_000_000, null);

    public async Task<BackupResult> BackupAsync(DesiredInstance instance, BackupKind kind, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _backupCalls);
        Requests.Enqueue((instance.InstanceId, kind));
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }

        return Answer(instance, kind);
    }

    public Task<IReadOnlyList<BackupRecord>> ListAsync(Guid instanceId, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<BackupRecord>>([]);

    public ArchivingStatus Archiving { get; set; } = new(true, ArchivingReasons.Archiving, "WAL is archived", new DateTimeOffset(2026, 11, 25, 11, 59, 0, TimeSpan.Zero),
        "000000010000000000000004", null, null, 0, 0);

    public RecoveryWindow? Window { get; set; }

    public int ArchivingReads;

    public Task<RecoveryWindow?> GetRecoveryWindowAsync(Guid instanceId, CancellationToken cancellationToken) => Task.FromResult(Window);

    public Task<ArchivingStatus> GetArchivingStatusAsync(DesiredInstance instance, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref ArchivingReads);
        return Task.FromResult(Archiving);
    }

    public Task<IReadOnlyList<string>> ExpireAsync(Guid instanceId, int retentionDays, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);

    public Task<VerifyResult> VerifyAsync(Guid instanceId, string backupId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not used by these tests.");

    public Task<bool> PurgeAsync(Guid instanceId, CancellationToken cancellationToken) => Task.FromResult(true);
}
