namespace ControlPlane.Api.Instances;

public sealed record InstanceResponse(
    Guid Id,
    Guid OrganizationId,
    string Name,
    string Region,
    string Plan,
    int PostgresVersion,
    int StorageGb,
    HighAvailabilityResponse HighAvailability,
    long Generation,
    long ObservedGeneration,
    string Status,
    string StatusReason,
    string Health,
    string HealthReason,
    IReadOnlyList<ConditionResponse> Conditions,
    EndpointsResponse? Endpoints,
    string? CurrentPrimary,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeletedAt);
