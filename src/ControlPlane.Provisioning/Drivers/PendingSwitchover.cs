namespace ControlPlane.Provisioning.Drivers;

/// <summary>
/// The switchover operation the control plane has running on an instance, as the worker's view shows it. Every worker
/// reads the same row, so whichever owns the instance knows what was asked, from which leader, and when.
/// </summary>
/// <param name="Leader">
/// The leader the API saw when it accepted the request (null when it knew none). Sent to Patroni as its <c>leader</c>
/// field, so a repeated request after the switch is refused instead of moving the leader a second time.
/// </param>
/// <param name="RequestedAt">The API's clock; for logs, never compared with the worker's clock.</param>
public sealed record PendingSwitchover(Guid OperationId, string? TargetMember, string? Leader, DateTimeOffset RequestedAt);
