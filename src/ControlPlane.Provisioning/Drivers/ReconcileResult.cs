using ControlPlane.Contracts.Events;

namespace ControlPlane.Provisioning.Drivers;

/// <summary>
/// Outcome of one reconcile pass. "Not ready yet" is a requeue, not an error (as in CloudNativePG);
/// <see cref="PermanentFailure"/> is for what no retry can fix, written for the customer to read.
/// </summary>
public sealed record ReconcileResult(
    bool Ready,
    InstanceEndpoints? Endpoints,
    string Step,
    string Message,
    TimeSpan? RequeueAfter = null,
    string? PermanentFailure = null,
    string? PrimaryMember = null)
{
    /// <summary>
    /// Where the health monitor reaches each member, when the driver saw it during the pass; null makes the reconciler
    /// ask <see cref="IInstanceDriver.GetPatroniEndpointsAsync"/>. Saves a second look at the members (a pod list on
    /// Kubernetes) right after the one that found them ready.
    /// </summary>
    public IReadOnlyList<PatroniMemberEndpoint>? PatroniEndpoints { get; init; }

    public static ReconcileResult Done(InstanceEndpoints endpoints, string? primary, string message = "ready") =>
        new(true, endpoints, "ready", message, null, null, primary);

    public static ReconcileResult Requeue(string step, string message, TimeSpan after) =>
        new(false, null, step, message, after);

    public static ReconcileResult Failed(string step, string reason) =>
        new(false, null, step, reason, null, reason);
}
