namespace ControlPlane.Api.Organizations;

/// <summary>Every unrevoked key (expired ones included, with their expiry), oldest first.</summary>
public sealed record ApiKeyListResponse(IReadOnlyList<ApiKeyResponse> Items);
