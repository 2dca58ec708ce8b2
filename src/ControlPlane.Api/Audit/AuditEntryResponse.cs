namespace ControlPlane.Api.Audit;

/// <param name="ActorKeyId">The API key that acted; null for the bootstrap support key from configuration.</param>
public sealed record AuditEntryResponse(long Id, DateTimeOffset At, Guid? ActorKeyId, string ActorRole, Guid? OrganizationId, Guid? InstanceId, string Action, string Detail);
