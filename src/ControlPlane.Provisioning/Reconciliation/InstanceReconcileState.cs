using ControlPlane.Contracts.Events;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// What this worker last reported about one instance, so that a resync that finds nothing new publishes nothing.
/// Only touched by the one pass that holds the instance, so it needs no locking.
/// </summary>
public sealed class InstanceReconcileState
{
    /// <summary>The lease of the pass running now: its events carry its epoch, and they stop when it is lost.</summary>
    public Ownership.InstanceLease? Lease { get; set; }

    /// <summary>The lease epoch this state was built under; a new epoch starts from a clean slate.</summary>
    public long Epoch { get; init; }

    public bool LastPassReady { get; set; }

    public long? ReadyGeneration { get; set; }

    public InstanceEndpoints? ReadyEndpoints { get; set; }

    public Guid? ReportedOperationId { get; set; }

    public (long Generation, string Step, string Message)? ReportedProgress { get; set; }

    public (long Generation, string Reason)? ReportedFailure { get; set; }

    public long? DeletedGeneration { get; set; }

    /// <summary>Passes in a row that threw, and since when; reset by the first pass that does not.</summary>
    public int Failures { get; set; }

    public DateTimeOffset? FailingSince { get; set; }

    /// <summary>The trouble last published (InstanceReconcileFailing), so a recovery is published once it clears.</summary>
    public (string Reason, string Message)? ReportedTrouble { get; set; }
}
