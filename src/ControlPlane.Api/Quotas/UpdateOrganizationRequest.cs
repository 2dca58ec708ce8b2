namespace ControlPlane.Api.Quotas;

/// <summary>Support's change to an organisation: today its quotas only.</summary>
public sealed record UpdateOrganizationRequest(QuotasRequest? Quotas);

/// <summary>An organisation's own limits; a null field keeps the current value.</summary>
public sealed record QuotasRequest(int? MaxInstances, int? MaxStorageGb);
