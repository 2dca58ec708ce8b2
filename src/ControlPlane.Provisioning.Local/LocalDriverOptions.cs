using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning.Local;

/// <summary>How the local driver runs each instance as Patroni, PostgreSQL and HAProxy processes on this machine.</summary>
public sealed class LocalDriverOptions
{
    public const string SectionName = "ControlPlane:Provisioning:Local";

    /// <summary>Each instance lives in <c>{DataDirectory}/{instanceId}</c>; the driver owns every instance found here.</summary>
    [Required]
    public string DataDirectory { get; set; } = "/var/tmp/controlplane/instances";

    [Range(1024, 65535)]
    public int PortRangeStart { get; set; } = 56000;

    [Range(1024, 65535)]
    public int PortRangeEnd { get; set; } = 56999;

    /// <summary>Where one PostgreSQL major's binaries live; <c>{major}</c> is replaced by the requested version.</summary>
    [Required]
    public string PostgresBinDirectoryTemplate { get; set; } = "/usr/lib/postgresql/{major}/bin";

    [Required]
    public string PatroniExecutable { get; set; } = "/usr/bin/patroni";

    /// <summary>Runs a Raft-only voter (witness) so Raft keeps a majority when fewer than three members run.</summary>
    [Required]
    public string RaftControllerExecutable { get; set; } = "/usr/bin/patroni_raft_controller";

    [Required]
    public string HaproxyExecutable { get; set; } = "/usr/sbin/haproxy";

    /// <summary>Patroni's leader key TTL in seconds; failover takes about this long.</summary>
    [Range(5, 3600)]
    public int TtlSeconds { get; set; } = 30;

    [Range(1, 600)]
    public int LoopWaitSeconds { get; set; } = 10;

    [Range(1, 600)]
    public int RetryTimeoutSeconds { get; set; } = 10;

    /// <summary>How often the supervisor checks every member process, like a kubelet's liveness loop.</summary>
    public TimeSpan SupervisionInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a member must have been seen dead before the supervisor starts it again; null means ttl + loop_wait.
    /// A crashed leader restarted at once would find its own leader key still valid and take it back, so the
    /// cluster would never fail over to its healthy synchronous standby; waiting out the key's TTL lets it.
    /// </summary>
    public TimeSpan? RestartDelay { get; set; }

    public TimeSpan EffectiveRestartDelay => RestartDelay ?? TimeSpan.FromSeconds(TtlSeconds + LoopWaitSeconds);

    /// <summary>
    /// Fraction of the plan's memory the PostgreSQL settings are computed from, so several clusters fit
    /// one development machine (1.0 = size exactly like production).
    /// </summary>
    [Range(0.001, 1.0)]
    public double MemoryScale { get; set; } = 0.125;

    /// <summary>The OS user every process runs as; PostgreSQL refuses to run as root.</summary>
    [Required]
    public string OsUser { get; set; } = "postgres";

    /// <summary>Where clients and the health monitor reach the processes; every listener binds here.</summary>
    [Required]
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Per-request timeout for Patroni's REST API (a switchover takes about two seconds).</summary>
    public TimeSpan PatroniRequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public string PostgresBinDirectory(int major) =>
        PostgresBinDirectoryTemplate.Replace("{major}", major.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
