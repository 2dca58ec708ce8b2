namespace ControlPlane.Api.Organizations;

/// <param name="ExpiresAt">When the key stops working; omitted, it works until revoked.</param>
public sealed record CreateApiKeyRequest(string? Name, DateTimeOffset? ExpiresAt = null);
