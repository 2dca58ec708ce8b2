namespace ControlPlane.Api.Instances;

public sealed record EndpointResponse(string Host, int Port);
