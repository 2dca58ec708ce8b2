namespace ControlPlane.Api.Organizations;

/// <summary>An organisation as listed; GET /v1/organizations/{id} adds its quotas and usage.</summary>
public sealed record OrganizationSummaryResponse(Guid Id, string Name, DateTimeOffset CreatedAt);
