namespace ControlPlane.Api.Instances;

public sealed record CreateInstanceRequest(
    string? Name,
    string? Region,
    string? Plan,
    int? PostgresVersion,
    int? StorageGb,
    HighAvailabilityRequest? HighAvailability);
