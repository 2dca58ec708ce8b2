namespace ControlPlane.Provisioning.Local.Backups;

/// <summary>
/// The installation's pgBackRest files below the data directory (logs, locks, spool, the repository-level config, verify
/// scratch space), so the worker writes them the way it writes everything else there. The repository lives apart.
/// </summary>
public sealed class BackupPaths(string dataDirectory)
{
    public string Root { get; } = Path.Combine(dataDirectory, ".pgbackrest");

    public string Config => Path.Combine(Root, "pgbackrest.conf");

    public string Logs => Path.Combine(Root, "log");

    public string Locks => Path.Combine(Root, "lock");

    public string Spool => Path.Combine(Root, "spool");

    public string Verify => Path.Combine(Root, "verify");

    public static string Stanza(Guid instanceId) => instanceId.ToString("D");
}
