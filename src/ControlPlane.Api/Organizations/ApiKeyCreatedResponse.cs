namespace ControlPlane.Api.Organizations;

/// <param name="OrganizationId">The organisation the key belongs to; null for a support key.</param>
/// <param name="ApiKey">The key itself, shown this once.</param>
public sealed record ApiKeyCreatedResponse(
    Guid Id, Guid? OrganizationId, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, string ApiKey);
