namespace ControlPlane.Provisioning.Ownership;

/// <summary>A shard lease as the database returned it to its holder: renewed or newly acquired in one round.</summary>
public sealed record HeldLease(int Shard, long Epoch);
