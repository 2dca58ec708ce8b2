namespace ControlPlane.Api.Instances;

/// <summary>Merge semantics: omitted fields keep their value.</summary>
public sealed record UpdateInstanceRequest(string? Plan, int? StorageGb, HighAvailabilityRequest? HighAvailability);
