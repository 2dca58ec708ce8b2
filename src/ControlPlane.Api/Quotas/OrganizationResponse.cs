namespace ControlPlane.Api.Quotas;

public sealed record OrganizationResponse(Guid Id, string Name, DateTimeOffset CreatedAt, QuotasResponse Quotas);

public sealed record QuotasResponse(QuotaResponse Instances, QuotaResponse StorageGb);

/// <summary>A quota's limit, what the organisation uses of it, and whether the limit is the configured default.</summary>
public sealed record QuotaResponse(long Limit, long Used, bool IsDefault);
