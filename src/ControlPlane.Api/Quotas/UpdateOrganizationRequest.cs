using ControlPlane.Api.Infrastructure.OpenApi;

namespace ControlPlane.Api.Quotas;

/// <summary>Support's change to an organisation, a merge patch: today its quotas only.</summary>
[AtLeastOneField]
public sealed record UpdateOrganizationRequest(QuotasRequest? Quotas);

/// <summary>An organisation's own limits; a field left out keeps the current value.</summary>
[AtLeastOneField]
public sealed record QuotasRequest(int? MaxInstances, int? MaxStorageGb);
