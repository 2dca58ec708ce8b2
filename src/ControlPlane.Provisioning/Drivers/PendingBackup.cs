using ControlPlane.Domain.Backups;

namespace ControlPlane.Provisioning.Drivers;

/// <summary>
/// The on-demand backup the control plane has running on an instance, as the worker's view shows it, so whichever worker
/// owns the instance takes it. <paramref name="RequestedAt"/> is the API's clock; for logs only.
/// </summary>
public sealed record PendingBackup(Guid OperationId, BackupKind Kind, DateTimeOffset RequestedAt);
