using System.ComponentModel;
using System.Runtime.InteropServices;
using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>
/// The installation's pgBackRest: makes sure the repository and the driver's pgBackRest files exist with the right owner,
/// writes each member's configuration, and runs pgBackRest commands as the OS user with their output captured.
/// </summary>
public sealed class PgBackRest(
    IOptions<PgBackRestOptions> options, IOptions<LocalDriverOptions> driverOptions, OwnedFiles files, OsUser user, ProcessLauncher launcher)
{
    private const int OwnerOnlyDirectory = 0x1C0; // 0700

    public PgBackRestOptions Options => options.Value;

    public BackupPaths Paths { get; } = new(driverOptions.Value.DataDirectory);

    public static string MemberConfig(InstanceLayout layout, int slot) => Path.Combine(layout.SlotDirectory(slot), "pgbackrest.conf");

    public static string RestoreScript(InstanceLayout layout, int slot) => Path.Combine(layout.SlotDirectory(slot), "restore-bootstrap.sh");

    /// <summary>The repository directory (owned by the OS user, 0700), the logs, locks and spool, and the repository-level config.</summary>
    public void EnsureInstallation()
    {
        EnsureRepositoryDirectory(options.Value.RepositoryDirectory);
        files.EnsureDirectory(Paths.Root);
        files.EnsureDirectory(Paths.Logs);
        files.EnsureDirectory(Paths.Locks);
        files.EnsureDirectory(Paths.Spool);
        files.EnsureDirectory(Paths.Verify);
        files.WriteIfChanged(Paths.Config, PgBackRestConfigBuilder.BuildRepository(options.Value, Paths));
    }

    public void WriteMemberConfig(InstanceState state, InstanceLayout layout, int slot) =>
        files.WriteIfChanged(
            MemberConfig(layout, slot),
            PgBackRestConfigBuilder.BuildMember(
                options.Value,
                Paths,
                state.Restore is { } restore ? [BackupPaths.Stanza(state.InstanceId), restore.SourceStanza] : [BackupPaths.Stanza(state.InstanceId)],
                layout.PostgresDataDirectory(slot),
                layout.SlotDirectory(slot),
                state.Slots[slot].Postgres));

    /// <summary>Runs <c>pgbackrest --config=… --stanza=… args…</c>; the config file holds everything else.</summary>
    public Task<CommandOutput> RunAsync(string config, string stanza, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        launcher.RunCapturedAsync(
            [options.Value.Executable, $"--config={config}", $"--stanza={stanza}", .. arguments],
            Paths.Root,
            options.Value.CommandTimeout,
            cancellationToken);

    /// <summary>
    /// The repository is configured, like the data directory, and trusted as such; below it only pgBackRest writes,
    /// as the OS user. Owner and mode are set on the open directory, never through a link.
    /// </summary>
    private void EnsureRepositoryDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The local driver runs pgBackRest on Linux only.");
        }

        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } parent)
        {
            Directory.CreateDirectory(parent);
        }

        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var descriptor = NativeMethods.Open(path, NativeMethods.OReadOnly | NativeMethods.ODirectory | NativeMethods.ONoFollow | NativeMethods.OCloseOnExec, 0);
        if (descriptor < 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"open {path} failed (the repository must be a directory, not a link)");
        }

        try
        {
            if ((!user.IsCurrentUser && NativeMethods.FileChangeOwner(descriptor, user.Uid, user.Gid) != 0)
                || NativeMethods.FileChangeMode(descriptor, OwnerOnlyDirectory) != 0)
            {
                throw new Win32Exception(Marshal.GetLastPInvokeError(), $"chown/chmod {path} failed");
            }
        }
        finally
        {
            NativeMethods.Close(descriptor);
        }
    }
}
