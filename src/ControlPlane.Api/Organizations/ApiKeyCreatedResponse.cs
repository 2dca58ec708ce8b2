namespace ControlPlane.Api.Organizations;

/// <param name="ApiKey">The key itself, shown this once.</param>
public sealed record ApiKeyCreatedResponse(Guid Id, Guid OrganizationId, string Name, string Prefix, DateTimeOffset CreatedAt, string ApiKey);
