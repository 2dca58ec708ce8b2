namespace ControlPlane.Api.Organizations;

public sealed record CreateOrganizationRequest(string? Name);
