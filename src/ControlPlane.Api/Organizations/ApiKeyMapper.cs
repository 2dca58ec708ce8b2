using ControlPlane.Persistence.Entities;

namespace ControlPlane.Api.Organizations;

public static class ApiKeyMapper
{
    public static ApiKeyResponse ToResponse(this ApiKey key) =>
        new(key.Id, key.OrganizationId, key.Name, RoleName(key.Role), key.Prefix, key.CreatedAt, key.ExpiresAt, key.LastUsedAt);

    public static ApiKeyCreatedResponse ToCreated(this ApiKey key, string secret) =>
        new(key.Id, key.OrganizationId, key.Name, RoleName(key.Role), key.Prefix, key.CreatedAt, key.ExpiresAt, secret);

    private static string RoleName(ApiKeyRole role) => role.ToString().ToLowerInvariant();
}
