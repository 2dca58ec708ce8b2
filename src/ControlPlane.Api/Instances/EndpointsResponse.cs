namespace ControlPlane.Api.Instances;

public sealed record EndpointsResponse(EndpointResponse Primary, EndpointResponse? ReadOnly);
