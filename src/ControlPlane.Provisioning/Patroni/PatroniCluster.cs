namespace ControlPlane.Provisioning.Patroni;

/// <summary>GET /cluster: the DCS view of the members. Stale for a dead leader until its TTL expires.</summary>
public sealed record PatroniCluster(
    IReadOnlyList<PatroniClusterMember>? Members,
    PatroniScheduledSwitchover? ScheduledSwitchover,
    bool? Pause);
