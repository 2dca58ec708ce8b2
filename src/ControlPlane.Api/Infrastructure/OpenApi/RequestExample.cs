namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>Endpoint metadata: an example request body (raw JSON) for the document.</summary>
public sealed record RequestExample(string Json);
