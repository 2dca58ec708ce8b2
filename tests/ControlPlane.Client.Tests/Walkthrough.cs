using ControlPlane.Client.Models;

namespace ControlPlane.Client.Tests;

/// <summary>The request bodies of the README's walk-through, as the generated client's models.</summary>
public static class Walkthrough
{
    /// <summary>Step 2: an HA instance with 2 synchronous replicas.</summary>
    public static CreateInstanceRequest Orders(int storageGb = 20) => new()
    {
        Name = "orders-" + Guid.NewGuid().ToString("N")[..8],
        Plan = "small",
        PostgresVersion = 15,
        StorageGb = storageGb,
        HighAvailability = new HighAvailabilityRequest
        {
            Enabled = true,
            Replicas = 2,
            ReplicationMode = HighAvailabilityRequest_replicationMode.Synchronous,
            DataDurability = HighAvailabilityRequest_dataDurability.Preferred,
        },
    };

    /// <summary>A single-member instance, with only the fields the server requires.</summary>
    public static CreateInstanceRequest Single(string name) => new()
    {
        Name = name + "-" + Guid.NewGuid().ToString("N")[..8],
        Plan = "small",
        PostgresVersion = 15,
        HighAvailability = new HighAvailabilityRequest { Enabled = false },
    };

    /// <summary>A merge patch that grows the volume and leaves everything else as it is.</summary>
    public static UpdateInstanceRequest Grow(int storageGb) => new() { StorageGb = storageGb };
}
