namespace ControlPlane.Api.Testing;

/// <summary>An organisation created through the API, with its first member key.</summary>
public sealed record Tenant(Guid Id, Guid KeyId, ApiClient Api);
