using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Recording.Outbox;

public sealed class OutboxOptions
{
    public const string SectionName = "ControlPlane:Outbox";

    /// <summary>
    /// How often the dispatcher looks for rows when nobody signalled it: the safety net for a commit whose announcement
    /// was lost (the listener's connection was down); other processes' commits wake it through LISTEN/NOTIFY.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the commit listener waits before reconnecting after its connection failed.</summary>
    public TimeSpan ListenerReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Rounds that may be in flight at once in this process. A round holds its rows (and a database connection) until the
    /// broker confirms them, so a commit that lands meanwhile starts a round of its own instead of waiting for that one.
    /// </summary>
    [Range(1, 32)]
    public int MaxConcurrentRounds { get; set; } = 8;

    /// <summary>How often the backlog gauges (unsent rows, age of the oldest) are refreshed from the table.</summary>
    public TimeSpan BacklogRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one send may take before the broker counts as unreachable for this round.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Sent rows are kept this long for diagnosis, then removed.</summary>
    public TimeSpan RetainSent { get; set; } = TimeSpan.FromDays(1);
}
