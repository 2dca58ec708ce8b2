using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Api.Instances;

// [Required] marks what the validator requires, for the OpenAPI document; it is not what enforces it.
/// <summary>A new instance: only name, plan and postgresVersion are required, the rest have defaults.</summary>
/// <param name="Region">Omitted: the first region of the catalogue.</param>
/// <param name="StorageGb">Omitted: the plan's default storage.</param>
/// <param name="HighAvailability">Omitted: on, with 2 synchronous replicas and preferred durability.</param>
public sealed record CreateInstanceRequest(
    [property: Required] string? Name,
    string? Region,
    [property: Required] string? Plan,
    [property: Required] int? PostgresVersion,
    int? StorageGb,
    HighAvailabilityRequest? HighAvailability);
