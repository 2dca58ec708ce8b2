namespace ControlPlane.Contracts.Events;

/// <summary>
/// The one place where Patroni's and Spilo's role vocabularies become ours. Patroni 3 says "master" on
/// /patroni and "leader" on /cluster, Patroni 4 says "primary"; Spilo labels pods "master"/"replica".
/// </summary>
public static class MemberRoles
{
    public static MemberRole Map(string? role) => role?.Trim().ToLowerInvariant() switch
    {
        "leader" or "master" or "primary" => MemberRole.Primary,
        "replica" or "sync_standby" or "quorum_standby" or "standby_leader" or "standby" => MemberRole.Replica,
        _ => MemberRole.Unknown,
    };

    public static bool IsSynchronous(string? role) =>
        string.Equals(role?.Trim(), "sync_standby", StringComparison.OrdinalIgnoreCase);

    public static string ToApi(MemberRole role) => role switch
    {
        MemberRole.Primary => "primary",
        MemberRole.Replica => "replica",
        _ => "unknown",
    };
}
