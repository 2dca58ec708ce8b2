using ControlPlane.Domain.Instances;

namespace ControlPlane.Instances;

/// <summary>
/// A create as asked: what is left out (region, storage, high availability) takes the catalogue's or product's default.
/// With a <see cref="Source"/> it is a restore, and the PostgreSQL version, when left out, is the source's.
/// </summary>
public sealed record NewInstance(
    string Name, string? Region, string Plan, int? PostgresVersion, int? StorageGb, HighAvailabilityChange? HighAvailability, InstanceSource? Source = null);
