namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>Endpoint metadata: a header a response of <see cref="Status"/> carries, for the OpenAPI document.</summary>
public sealed record ResponseHeader(int Status, string Name, string Description, bool Required);
