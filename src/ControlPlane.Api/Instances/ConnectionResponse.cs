namespace ControlPlane.Api.Instances;

public sealed record ConnectionResponse(EndpointResponse? Primary, EndpointResponse? ReadOnly, string Database, string Username, string Password);
