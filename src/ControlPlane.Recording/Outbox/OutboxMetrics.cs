using System.Diagnostics.Metrics;

namespace ControlPlane.Recording.Outbox;

/// <summary>Backlog and age of the oldest unsent row, as of the last refresh by OutboxBacklog (no query per scrape).</summary>
public sealed class OutboxMetrics
{
    public const string MeterName = "ControlPlane.Outbox";

    private long _backlog;
    private double _oldestAgeSeconds;

    public OutboxMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("controlplane.outbox.backlog", () => Interlocked.Read(ref _backlog), "{message}", "Unsent outbox rows");
        meter.CreateObservableGauge("controlplane.outbox.oldest_age", () => Volatile.Read(ref _oldestAgeSeconds), "s", "Age of the oldest unsent outbox row");
        Sent = meter.CreateCounter<long>("controlplane.outbox.sent", "{message}", "Outbox rows handed to the broker");
        Failures = meter.CreateCounter<long>("controlplane.outbox.send_failures", "{message}", "Failed attempts to hand a row to the broker");
        HandOff = meter.CreateHistogram<double>("controlplane.outbox.handoff", "s", "Time from commit to the broker accepting the command");
    }

    public Counter<long> Sent { get; }

    public Counter<long> Failures { get; }

    public Histogram<double> HandOff { get; }

    public void SetBacklog(long backlog, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref _backlog, backlog);
        Volatile.Write(ref _oldestAgeSeconds, oldestAge.TotalSeconds);
    }
}
