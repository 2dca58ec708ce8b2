namespace ControlPlane.Api.Organizations;

public sealed record CreateApiKeyRequest(string? Name);
