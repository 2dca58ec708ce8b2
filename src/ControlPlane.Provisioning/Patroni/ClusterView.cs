namespace ControlPlane.Provisioning.Patroni;

/// <summary>A parsed <c>GET /cluster</c>, as both drivers read it before acting (switchover, scale-down, rollout).</summary>
public sealed record ClusterView(IReadOnlyList<ClusterMember> Members)
{
    public ClusterMember? Leader => Members.FirstOrDefault(m => m.IsLeader);

    public ClusterMember? SyncStandby => Members.FirstOrDefault(m => m.IsSyncStandby && m.IsRunning);

    public ClusterMember? Find(string name) => Members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    public IEnumerable<ClusterMember> RunningReplicas => Members.Where(m => m.IsReplica && m.IsRunning && m.LagBytes is not null);

    /// <summary>Members without a name cannot be addressed and are left out.</summary>
    public static ClusterView From(PatroniCluster cluster) =>
        new([.. (cluster.Members ?? []).Where(m => !string.IsNullOrEmpty(m.Name))
            .Select(m => new ClusterMember(m.Name!, m.Role ?? "", m.State ?? "", m.Timeline, m.Lag, m.PendingRestart ?? false))]);
}
