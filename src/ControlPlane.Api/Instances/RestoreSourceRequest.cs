using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Api.Instances;

/// <param name="InstanceId">The instance to restore from; it may have been deleted (GET /v1/instances?status=deleted lists those).</param>
/// <param name="PointInTime">A time within the source's recoveryWindow; omitted: the newest archived WAL (the window's latest).</param>
public sealed record RestoreSourceRequest([property: Required] Guid? InstanceId, DateTimeOffset? PointInTime);
