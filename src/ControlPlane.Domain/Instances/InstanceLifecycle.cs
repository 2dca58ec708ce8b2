namespace ControlPlane.Domain.Instances;

/// <summary>
/// The lifecycle state machine: <see cref="IsAllowed"/> is the table every change of status is checked against (the
/// instance entity refuses any other), and the rest is derived from it. Health is kept apart: a failover changes
/// health, never the lifecycle status.
/// </summary>
public static class InstanceLifecycle
{
    /// <summary>A change of spec or credentials moves the instance to updating, so it is open to what may become updating.</summary>
    public static bool CanChange(InstanceStatus status) => IsAllowed(status, InstanceStatus.Updating);

    public static bool CanDelete(InstanceStatus status) => IsAllowed(status, InstanceStatus.Deleting);

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

    /// <summary>The worker removed everything; legal only once a deletion was asked for (<see cref="IsAllowed"/>).</summary>
    public static InstanceStatus OnDeleted(InstanceStatus status) => InstanceStatus.Deleted;

    public static bool IsAllowed(InstanceStatus from, InstanceStatus to) => (from, to) switch
    {
        (InstanceStatus.Provisioning, InstanceStatus.Available or InstanceStatus.Failed or InstanceStatus.Deleting) => true,
        (InstanceStatus.Available, InstanceStatus.Updating or InstanceStatus.Deleting or InstanceStatus.Failed) => true,
        (InstanceStatus.Updating, InstanceStatus.Available or InstanceStatus.Failed or InstanceStatus.Deleting) => true,
        // Failed → deleted: a deletion that outlived its deadline (the sweeper failed it) still completes.
        (InstanceStatus.Failed, InstanceStatus.Updating or InstanceStatus.Deleting or InstanceStatus.Available or InstanceStatus.Deleted) => true,
        (InstanceStatus.Deleting, InstanceStatus.Deleted or InstanceStatus.Failed) => true,
        _ => false,
    };

    /// <summary>A request starts something new (updating, deleting): the move must be in the table, staying put included.</summary>
    /// <exception cref="LifecycleTransitionException">The table does not allow the move.</exception>
    public static InstanceStatus Begin(InstanceStatus from, InstanceStatus to) =>
        IsAllowed(from, to) ? to : throw new LifecycleTransitionException(from, to);

    /// <summary>Where a worker's report takes the instance: staying put is allowed (a repeated report); any other move must be in the table.</summary>
    /// <exception cref="LifecycleTransitionException">The table does not allow the move.</exception>
    public static InstanceStatus Move(InstanceStatus from, InstanceStatus to) =>
        from == to || IsAllowed(from, to) ? to : throw new LifecycleTransitionException(from, to);
}
