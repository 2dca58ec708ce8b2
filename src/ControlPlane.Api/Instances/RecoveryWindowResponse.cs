namespace ControlPlane.Api.Instances;

/// <param name="Earliest">The end of the oldest backup: the first point a restore can reach.</param>
/// <param name="Latest">The time of the newest archived WAL: what a restore to the latest point reaches, so its age is the RPO.</param>
public sealed record RecoveryWindowResponse(DateTimeOffset Earliest, DateTimeOffset Latest);
