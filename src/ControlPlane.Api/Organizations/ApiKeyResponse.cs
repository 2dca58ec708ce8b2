namespace ControlPlane.Api.Organizations;

/// <summary>A key as listed: never its secret or hash, only the prefix that tells keys apart.</summary>
/// <param name="OrganizationId">The organisation the key belongs to; null for a support key.</param>
/// <param name="LastUsedAt">When the key was last used, to within a minute; null if never.</param>
public sealed record ApiKeyResponse(
    Guid Id, Guid? OrganizationId, string Name, string Role, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);
