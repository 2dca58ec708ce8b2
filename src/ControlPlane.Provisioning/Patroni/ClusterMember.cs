namespace ControlPlane.Provisioning.Patroni;

/// <summary>One row of Patroni's <c>GET /cluster</c> (the DCS view: a dead leader stays listed until its key expires).</summary>
public sealed record ClusterMember(string Name, string Role, string State, int? Timeline, long? LagBytes, bool PendingRestart)
{
    public bool IsLeader => string.Equals(Role, "leader", StringComparison.Ordinal) || string.Equals(Role, "master", StringComparison.Ordinal);

    public bool IsSyncStandby => string.Equals(Role, "sync_standby", StringComparison.Ordinal);

    public bool IsReplica => !IsLeader;

    /// <summary>Patroni 3.0 reports a healthy replica as "running", later versions as "streaming".</summary>
    public bool IsRunning => State is "running" or "streaming";
}
