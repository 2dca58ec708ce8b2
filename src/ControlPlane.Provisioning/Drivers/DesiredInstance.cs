using ControlPlane.Domain.Instances;

namespace ControlPlane.Provisioning.Drivers;

/// <summary>
/// The newest desired state of one instance as read through the worker's read-only path, with the plan
/// resolved to resources and the credentials already decrypted. Never logged whole: it holds secrets.
/// </summary>
public sealed record DesiredInstance(
    Guid InstanceId,
    Guid OrganizationId,
    string Name,
    string Region,
    long Generation,
    InstanceSpec Spec,
    PlanResources Resources,
    InstanceCredentials Credentials,
    bool Deleted)
{
    /// <summary>
    /// The lifecycle status the control plane has recorded (provisioning, available, deleting, …), as the worker's view
    /// shows it; null when unknown. The reconciler re-reports what it applied until this shows it.
    /// </summary>
    public string? RecordedStatus { get; init; }

    /// <summary>The switchover operation still pending or running on the instance, if any (newest first).</summary>
    /// <summary>
    /// The primary the control plane last recorded (from the last health report the API applied), so a worker that takes
    /// the instance over starts its failover detection from there, not from whatever leader it happens to see first.
    /// </summary>
    public Health.LeaderSighting? RecordedLeader { get; init; }

    public PendingSwitchover? Switchover { get; init; }

    /// <summary>The on-demand backup operation still pending or running on the instance, if any (newest first).</summary>
    public PendingBackup? Backup { get; init; }

    /// <summary>
    /// Set when the instance is created from another one's backups (restore or fork): its first member is bootstrapped
    /// from them instead of an empty initdb. Read only before the instance first runs; null for a fresh instance.
    /// </summary>
    public Backups.RestoreSource? Source { get; init; }

    public override string ToString() => $"{Name} ({InstanceId}, generation {Generation})";
}
