using System.Diagnostics.Metrics;

namespace ControlPlane.Provisioning.Health;

/// <summary>How long probing one instance's Patroni members takes, on the worker's /metrics.</summary>
public sealed class ProbeMetrics
{
    public const string MeterName = "ControlPlane.Health";

    private readonly Histogram<double> _duration;

    public ProbeMetrics(IMeterFactory meterFactory)
    {
        _duration = meterFactory.Create(MeterName)
            .CreateHistogram<double>("controlplane.health.probe.duration", "s", "Duration of one Patroni probe of an instance (every member and /cluster)");
    }

    public void Record(TimeSpan duration) => _duration.Record(duration.TotalSeconds);
}
