namespace ControlPlane.Domain.Instances;

/// <summary>
/// Where a new instance's data comes from: the backups and archived WAL of <paramref name="InstanceId"/>, replayed to
/// <paramref name="PointInTime"/>, or to the newest archived WAL when that is null. Restore and fork are this one act.
/// </summary>
public sealed record InstanceSource(Guid InstanceId, DateTimeOffset? PointInTime);
