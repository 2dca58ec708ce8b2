namespace ControlPlane.Provisioning.Ownership;

/// <summary>What a round read: the region's live workers (this one included) and its unexpired leases by shard.</summary>
public sealed record LeaseRound(IReadOnlyCollection<string> LiveWorkers, IReadOnlyDictionary<int, string> LiveHolders);
