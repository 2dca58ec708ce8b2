namespace ControlPlane.Api.Instances;

/// <param name="RecoveryWindow">The times a restore can reach, as the worker last reported; null until the instance has a backup.</param>
/// <param name="Source">What this instance was restored from; null for an instance created empty.</param>
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
    DateTimeOffset? DeletedAt,
    RecoveryWindowResponse? RecoveryWindow = null,
    RestoreSourceResponse? Source = null);
