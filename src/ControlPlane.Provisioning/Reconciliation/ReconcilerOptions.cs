using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning.Reconciliation;

public sealed class ReconcilerOptions
{
    public const string SectionName = "ControlPlane:Worker:Reconciler";

    /// <summary>
    /// How many instances are reconciled at once. A pass is a chain of about fifteen round trips to the API server and
    /// the database and spends nearly all its time waiting on them, so loops, not CPU, bound a resync: with 2 loops
    /// 1,000 instances took 88 s while the worker used 0.4 of a core. 16 loops at a few milliseconds per round trip
    /// stay under the Kubernetes client's ApiQueriesPerSecond guard rail; a loop holds a pooled connection only for
    /// its desired-state read (the leases share one session), so the metadata pool does not bound them.
    /// </summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 16;

    /// <summary>Every live instance of the region is re-enqueued this often, so a lost message costs at most this much.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Used when the driver asks for a requeue without saying when.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan DefaultRequeue { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How soon to look again while the driver is still tearing an instance down.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan DeleteRequeue { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Passes in a row that must throw before the instance is reported as failing to reconcile: one failure is often a
    /// blip (a connection reset); a few in a row (about 1 + 2 + 4 s with the default backoff) are worth telling the customer.
    /// </summary>
    [Range(1, 1000)]
    public int ReportFailuresAfter { get; set; } = 3;

    /// <summary>
    /// How soon to look again after reporting an instance ready or deleted while the control plane's record does not show
    /// it yet: the report may have been lost (metadata database down, message parked), so it is repeated until it shows.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan ReportConfirmInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the owner reports a running instance's WAL archiving and recovery window (with a backup engine).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ArchivingReportInterval { get; set; } = TimeSpan.FromMinutes(1);
}
