using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning.Messaging;

/// <summary>Retry and concurrency of the worker's command consumers.</summary>
public sealed class WorkerMessagingOptions
{
    public const string SectionName = "ControlPlane:Worker:Messaging";

    /// <summary>Redeliveries in memory before a message goes to the queue's _error queue for good.</summary>
    [Range(0, 20)]
    public int RetryLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMinInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryIntervalDelta { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Messages each consumer handles at once; reconcile commands only enqueue, switchovers call Patroni.</summary>
    [Range(1, 256)]
    public int ConcurrentMessageLimit { get; set; } = 8;

    /// <summary>How long a requested switchover is expected, so that the leader change it causes is not called a failover.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SwitchoverExpectation { get; set; } = TimeSpan.FromMinutes(2);
}
