namespace ControlPlane.Domain.Instances;

/// <summary>
/// The lifecycle state machine. Health is kept apart: a failover changes health, never the lifecycle status.
/// </summary>
public static class InstanceLifecycle
{
    public static bool CanChange(InstanceStatus status) => status is InstanceStatus.Available or InstanceStatus.Failed;

    public static bool CanDelete(InstanceStatus status) => status is not (InstanceStatus.Deleting or InstanceStatus.Deleted);

    public static bool IsLive(InstanceStatus status) => status is not InstanceStatus.Deleted;

    /// <summary>Where the worker's "ready at generation G" report takes an instance.</summary>
    public static InstanceStatus OnReady(InstanceStatus status, long observedGeneration, long generation) => status switch
    {
        InstanceStatus.Deleting or InstanceStatus.Deleted => status,
        _ when observedGeneration >= generation => InstanceStatus.Available,
        _ => status,
    };

    public static InstanceStatus OnFailed(InstanceStatus status) => status switch
    {
        InstanceStatus.Deleted => status,
        _ => InstanceStatus.Failed,
    };

    public static InstanceStatus OnDeleted(InstanceStatus status) => InstanceStatus.Deleted;

    public static bool IsAllowed(InstanceStatus from, InstanceStatus to) => (from, to) switch
    {
        (InstanceStatus.Provisioning, InstanceStatus.Available or InstanceStatus.Failed or InstanceStatus.Deleting) => true,
        (InstanceStatus.Available, InstanceStatus.Updating or InstanceStatus.Deleting or InstanceStatus.Failed) => true,
        (InstanceStatus.Updating, InstanceStatus.Available or InstanceStatus.Failed or InstanceStatus.Deleting) => true,
        (InstanceStatus.Failed, InstanceStatus.Updating or InstanceStatus.Deleting or InstanceStatus.Available) => true,
        (InstanceStatus.Deleting, InstanceStatus.Deleted or InstanceStatus.Failed) => true,
        _ => false,
    };
}
