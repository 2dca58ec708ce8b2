namespace ControlPlane.Provisioning.Ownership;

/// <summary>What one round changed: shards newly held (their instances need a pass) and shards no longer held.</summary>
public sealed record OwnershipChange(IReadOnlyCollection<int> Acquired, IReadOnlyCollection<int> Lost)
{
    public static OwnershipChange None { get; } = new([], []);
}
