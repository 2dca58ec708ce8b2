namespace ControlPlane.Provisioning.Drivers;

/// <summary>
/// What runs an instance: Kubernetes in production, local Patroni processes on a developer's machine.
/// Every method is idempotent and level-triggered: called again with the same desired state it changes nothing.
/// Transient failures throw (the caller retries with backoff); permanent ones return a failed result.
/// </summary>
public interface IInstanceDriver
{
    string Name { get; }

    /// <summary>Make the running instance match <paramref name="desired"/>; create what is missing, patch what differs.</summary>
    Task<ReconcileResult> ReconcileAsync(DesiredInstance desired, CancellationToken cancellationToken);

    /// <summary>Remove everything the instance runs on. Returns true once nothing is left.</summary>
    Task<bool> DeleteAsync(DesiredInstance desired, CancellationToken cancellationToken);

    /// <summary>
    /// Ask Patroni on the current leader to hand over to <paramref name="targetMember"/> (or a member of its choosing).
    /// When <see cref="DesiredInstance.Switchover"/> names a leader, send that one as Patroni's <c>leader</c> field (not the
    /// leader seen now), and report Patroni's refusal of it as <see cref="SwitchoverOutcome.LeaderMoved"/>.
    /// </summary>
    Task<SwitchoverOutcome> SwitchoverAsync(DesiredInstance desired, string? targetMember, CancellationToken cancellationToken);

    /// <summary>Where the health monitor reaches each member's Patroni REST API; empty when nothing runs.</summary>
    Task<IReadOnlyList<PatroniMemberEndpoint>> GetPatroniEndpointsAsync(DesiredInstance desired, CancellationToken cancellationToken);

    /// <summary>Instances this driver currently runs, so a restarted worker adopts them and finds orphans.</summary>
    Task<IReadOnlyCollection<Guid>> ListManagedInstancesAsync(CancellationToken cancellationToken);
}
