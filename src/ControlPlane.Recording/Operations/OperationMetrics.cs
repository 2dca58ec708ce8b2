using System.Diagnostics.Metrics;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Recording.Operations;

/// <summary>Operations by type and outcome, for /metrics.</summary>
public sealed class OperationMetrics
{
    public const string MeterName = "ControlPlane.Operations";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _completed;

    public OperationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("controlplane.operations.accepted", "{operation}", "Operations accepted by the API");
        _completed = meter.CreateCounter<long>("controlplane.operations.completed", "{operation}", "Operations finished, by type and outcome");
    }

    public void Accepted(Operation operation) =>
        _accepted.Add(1, new KeyValuePair<string, object?>("type", operation.Type.ToString().ToLowerInvariant()));

    public void Completed(Operation operation) =>
        _completed.Add(1,
            new KeyValuePair<string, object?>("type", operation.Type.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("outcome", operation.Status.ToString().ToLowerInvariant()));
}
