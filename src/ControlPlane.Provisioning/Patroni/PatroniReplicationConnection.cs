namespace ControlPlane.Provisioning.Patroni;

/// <summary>One row of pg_stat_replication as the leader's /patroni reports it; <see cref="SyncState"/> is sync, quorum, potential or async.</summary>
public sealed record PatroniReplicationConnection(
    string? Usename,
    string? ApplicationName,
    string? ClientAddr,
    string? State,
    string? SyncState);
