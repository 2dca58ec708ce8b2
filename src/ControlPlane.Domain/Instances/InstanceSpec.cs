namespace ControlPlane.Domain.Instances;

/// <summary>What the customer asked for. Every accepted change produces a new spec and a new generation.</summary>
public sealed record InstanceSpec(string Plan, int PostgresVersion, int StorageGb, HighAvailabilitySpec HighAvailability);
