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

    /// <summary>Set while the worker reports that its passes keep failing; null once they succeed again.</summary>
    public ReconcileTrouble? Reconcile { get; set; }

    /// <summary>Whether WAL reaches the archive, as last reported; null before the first report.</summary>
    public ObservedArchiving? Archiving { get; set; }

    public ObservedRecoveryWindow? RecoveryWindow { get; set; }

    public InstanceObservedState Copy() => new()
    {
        PrimaryHost = PrimaryHost,
        PrimaryPort = PrimaryPort,
        ReadOnlyHost = ReadOnlyHost,
        ReadOnlyPort = ReadOnlyPort,
        CurrentPrimary = CurrentPrimary,
        SynchronouslyDurable = SynchronouslyDurable,
        HealthReportedAt = HealthReportedAt,
        // EF keeps this copy as the snapshot it compares against on save, so it must share no list with the original
        // (the elements are immutable records and can be shared).
        Members = [.. Members],
        Conditions = [.. Conditions],
        Reconcile = Reconcile,
        Archiving = Archiving,
        RecoveryWindow = RecoveryWindow,
    };
}
