namespace ControlPlane.Api.Audit;

/// <param name="ActorKeyId">The API key that acted; null for the bootstrap support key from configuration.</param>
/// <param name="ActorName">That key's name when it acted: for support keys the person, "bootstrap" for the configured key.</param>
public sealed record AuditEntryResponse(
    long Id, DateTimeOffset At, Guid? ActorKeyId, string ActorRole, string ActorName, Guid? OrganizationId, Guid? InstanceId, string Action, string Detail);
