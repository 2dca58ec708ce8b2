namespace ControlPlane.Persistence.Entities;

/// <summary>What the worker last reported about the running instance; stored as one JSON document.</summary>
public sealed class InstanceObservedState
{
    public string? PrimaryHost { get; set; }

    public int? PrimaryPort { get; set; }

    public string? ReadOnlyHost { get; set; }

    public int? ReadOnlyPort { get; set; }

    public string? CurrentPrimary { get; set; }

    public bool? SynchronouslyDurable { get; set; }

    public DateTimeOffset? HealthReportedAt { get; set; }

    public List<ObservedMember> Members { get; set; } = [];

    public List<InstanceCondition> Conditions { get; set; } = [];

    public InstanceObservedState Copy() => new()
    {
        PrimaryHost = PrimaryHost,
        PrimaryPort = PrimaryPort,
        ReadOnlyHost = ReadOnlyHost,
        ReadOnlyPort = ReadOnlyPort,
        CurrentPrimary = CurrentPrimary,
        SynchronouslyDurable = SynchronouslyDurable,
        HealthReportedAt = HealthReportedAt,
        // New element instances too: EF tracks each owned element, and handing a tracked one to a new owner fails
        // the save ("__synthesizedOrdinal is part of a key").
        Members = [.. Members.Select(m => m with { })],
        Conditions = [.. Conditions.Select(c => c with { })],
    };
}
