namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// "Look at this instance now", forwarded from the worker that consumed a command to the worker that owns the instance,
/// with the operation the command carried so the owner's events name it. Sent as a NOTIFY payload (far below its 8 kB).
/// </summary>
public sealed record OwnerWakeup(Guid InstanceId, string Reason, long? Generation = null, Guid? OperationId = null, DateTimeOffset? RequestedAt = null);
