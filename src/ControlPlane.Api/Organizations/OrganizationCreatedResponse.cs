namespace ControlPlane.Api.Organizations;

/// <param name="ApiKey">The organisation's first member key, shown this once.</param>
public sealed record OrganizationCreatedResponse(Guid Id, string Name, DateTimeOffset CreatedAt, Guid ApiKeyId, string ApiKey);
