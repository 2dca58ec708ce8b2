using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning.Health;

public sealed class HealthMonitorOptions
{
    public const string SectionName = "ControlPlane:Health";

    /// <summary>How often every followed instance is probed (one shared loop for all of them).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often an instance whose leader was seen lost is probed until a leader is back, whatever <see cref="Interval"/> is:
    /// Patroni promotes a replica only after its leader key lapses (ttl), long after the loss is seen, so the promotion is
    /// recorded within this of happening without probing every instance this often.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan LeaderLostInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long after the loss that closer watch lasts: a cluster with no leader by then is not about to get one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaderLostWatch { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Upper bound for probing one instance (all members in parallel, then /cluster).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>A replica further behind than this makes the instance degraded.</summary>
    [Range(1L, long.MaxValue)]
    public long LagThresholdBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Health is re-published this often even when nothing changed, so the control plane knows we are alive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Instances probed at the same time.</summary>
    [Range(1, 256)]
    public int MaxParallelInstances { get; set; } = 16;

    /// <summary>
    /// A leader change seen without a timeline (the pod watch) is matched to a later one with a timeline (Patroni) for
    /// this long, so that the two sources record it once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaderChangeDedupeWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// With dataDurability required, how long after a new leader is seen a leader change waits for a synchronous standby
    /// before it is recorded anyway (its downtime then ends at that moment, although commits may still wait).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SynchronousStandbyWait { get; set; } = TimeSpan.FromMinutes(2);
}
