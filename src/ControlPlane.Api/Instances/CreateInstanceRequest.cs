using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Api.Instances;

// [Required] marks what the validator requires, for the OpenAPI document; it is not what enforces it.
/// <summary>A new instance: only name and plan are always required, the rest have defaults.</summary>
/// <param name="Region">Omitted: the first region of the catalogue.</param>
/// <param name="PostgresVersion">Required, except for a restore, which keeps the source's major version (and refuses another).</param>
/// <param name="StorageGb">Omitted: the plan's default storage.</param>
/// <param name="HighAvailability">Omitted: on, with 2 synchronous replicas and preferred durability.</param>
/// <param name="Source">Restore (or fork) another instance of the organisation into this new one, from its backups and archived WAL.</param>
public sealed record CreateInstanceRequest(
    [property: Required] string? Name,
    string? Region,
    [property: Required] string? Plan,
    int? PostgresVersion,
    int? StorageGb,
    HighAvailabilityRequest? HighAvailability,
    RestoreSourceRequest? Source = null);
