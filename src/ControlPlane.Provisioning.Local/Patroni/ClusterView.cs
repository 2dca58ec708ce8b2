namespace ControlPlane.Provisioning.Local.Patroni;

/// <summary>A parsed <c>GET /cluster</c>.</summary>
public sealed record ClusterView(IReadOnlyList<ClusterMember> Members)
{
    public ClusterMember? Leader => Members.FirstOrDefault(m => m.IsLeader);

    public ClusterMember? Find(string name) => Members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.Ordinal));

    public IEnumerable<ClusterMember> RunningReplicas => Members.Where(m => m.IsReplica && m.IsRunning && m.LagBytes is not null);
}
