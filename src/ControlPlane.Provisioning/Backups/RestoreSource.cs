namespace ControlPlane.Provisioning.Backups;

/// <summary>
/// Where a new instance's data comes from: another instance's backups and archived WAL, replayed to
/// <paramref name="PointInTime"/> or, when null, to the newest archived WAL. The source may have been deleted.
/// </summary>
public sealed record RestoreSource(Guid InstanceId, DateTimeOffset? PointInTime);
