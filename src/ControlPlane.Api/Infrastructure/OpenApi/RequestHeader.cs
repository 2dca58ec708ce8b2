namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>Endpoint metadata: a request header the handler reads from the request rather than binding it.</summary>
public sealed record RequestHeader(string Name, string Description, bool Required);
