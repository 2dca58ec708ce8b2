namespace ControlPlane.Api.Instances;

/// <param name="InstanceId">The instance whose backups and archived WAL this one was restored from.</param>
/// <param name="PointInTime">The time replayed to; null: the newest archived WAL when the restore began.</param>
public sealed record RestoreSourceResponse(Guid InstanceId, DateTimeOffset? PointInTime);
