using ControlPlane.Domain.Instances;

namespace ControlPlane.Instances;

/// <summary>A create as asked: what is left out (region, storage, high availability) takes the catalogue's or product's default.</summary>
public sealed record NewInstance(string Name, string? Region, string Plan, int PostgresVersion, int? StorageGb, HighAvailabilityChange? HighAvailability);
