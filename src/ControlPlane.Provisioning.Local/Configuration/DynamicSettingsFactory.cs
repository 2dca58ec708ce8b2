using System.Globalization;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Local.Configuration;

/// <summary>Maps the desired instance (HA mode, plan) to Patroni's dynamic settings.</summary>
public static class DynamicSettingsFactory
{
    public const int MaxConnections = 100;

    public static DynamicSettings Build(DesiredInstance desired, LocalDriverOptions options, Backups.PgBackRestOptions backups)
    {
        var ha = desired.Spec.HighAvailability;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["wal_level"] = "replica",
            ["hot_standby"] = "on",
            // pg_rewind needs either checksums or wal_log_hints; set both ways so a rewind never depends on initdb flags.
            ["wal_log_hints"] = "on",
            ["max_wal_senders"] = "10",
            ["max_replication_slots"] = "10",
            ["wal_keep_size"] = "128MB",
            ["max_connections"] = MaxConnections.ToString(CultureInfo.InvariantCulture),
            ["password_encryption"] = "scram-sha-256",
            // Cluster-wide, so whichever member is primary archives (after a failover too); a replica with "on" archives nothing.
            // archive_command is per member (its own pgBackRest file), in patroni.yml. archive_mode needs a restart: new
            // instances have it from bootstrap.
            ["archive_mode"] = "on",
            ["archive_timeout"] = ((int)backups.ArchiveTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
        };

        foreach (var (name, value) in MemorySettings(desired.Resources.MemoryMb, options.MemoryScale))
        {
            parameters[name] = value;
        }

        return new DynamicSettings(
            options.TtlSeconds,
            options.LoopWaitSeconds,
            options.RetryTimeoutSeconds,
            ha.Synchronous,
            ha.Strict,
            parameters);
    }

    /// <summary>The usual rules of thumb (25% shared_buffers, 75% effective_cache_size) on a scaled-down memory budget.</summary>
    public static IReadOnlyDictionary<string, string> MemorySettings(int memoryMb, double scale)
    {
        var budgetMb = Math.Max(64, (int)(memoryMb * scale));
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["shared_buffers"] = $"{Math.Max(16, budgetMb / 4)}MB",
            ["effective_cache_size"] = $"{Math.Max(48, budgetMb * 3 / 4)}MB",
            // Several sorts per query and per connection can each take work_mem; divide generously.
            ["work_mem"] = $"{Math.Max(1024, budgetMb * 1024 / (MaxConnections * 4))}kB",
            ["maintenance_work_mem"] = $"{Math.Max(16, budgetMb / 16)}MB",
        };
    }
}
