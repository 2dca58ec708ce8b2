using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>Reconcile passes by outcome and their duration, on the worker's /metrics.</summary>
public sealed class ReconcileMetrics
{
    public const string MeterName = "ControlPlane.Reconciliation";

    private readonly Counter<long> _passes;
    private readonly Histogram<double> _duration;

    public ReconcileMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _passes = meter.CreateCounter<long>("controlplane.reconcile.passes", "{pass}", "Reconcile passes by outcome: succeeded, requeued (not ready yet) or failed");
        _duration = meter.CreateHistogram<double>("controlplane.reconcile.duration", "s", "Duration of one reconcile pass");
    }

    /// <summary>Outcome words as the counter's <c>outcome</c> tag carries them.</summary>
    public static class Outcomes
    {
        public const string Succeeded = "succeeded";
        public const string Requeued = "requeued";
        public const string Failed = "failed";
    }

    public void Record(string outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _passes.Add(1, tag);
        _duration.Record(duration.TotalSeconds, new TagList { tag });
    }
}
