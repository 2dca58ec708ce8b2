using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Patroni;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// Pure: merges each member's own answer with the DCS view from /cluster. A member's own answer wins: one that
/// refused or timed out is unreachable even if /cluster still lists it as the running leader (its key has not
/// expired yet), and keeps /cluster's role so the detector sees the leader as lost.
/// </summary>
public static class PatroniObservationBuilder
{
    public const string UnreachableState = "unreachable";

    public static InstanceObservation Build(Guid instanceId, DateTimeOffset observedAt, IReadOnlyList<MemberProbe> probes, PatroniCluster? cluster)
    {
        ArgumentNullException.ThrowIfNull(probes);
        var listed = (cluster?.Members ?? [])
            .Where(m => !string.IsNullOrWhiteSpace(m.Name))
            .GroupBy(m => m.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var probed = probes.GroupBy(p => p.Member, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var leaderStatus = probes.Select(p => p.Status.Body).FirstOrDefault(s => MemberRoles.Map(s?.Role) == MemberRole.Primary);
        var names = listed.Keys.Union(probed.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var members = names
            .Select(name => Merge(name, listed.GetValueOrDefault(name), probed.GetValueOrDefault(name), leaderStatus))
            .ToList();
        return new(instanceId, ObservationSources.Patroni, observedAt, members);
    }

    private static MemberObservation Merge(string name, PatroniClusterMember? listed, MemberProbe? probe, PatroniMemberStatus? leaderStatus)
    {
        var host = listed?.Host ?? probe?.ApiUrl.Host ?? string.Empty;
        var port = listed?.Port ?? 0;
        var listedSync = MemberRoles.IsSynchronous(listed?.Role);

        if (probe is null)
        {
            // Listed by /cluster without an api_url to check: the DCS view is all there is.
            var state = listed?.State ?? "unknown";
            var role = MemberRoles.Map(listed?.Role);
            return new(name, host, port, role, state, true, IsRunning(state) && role != MemberRole.Unknown,
                listed?.Lag, listed?.Timeline, listedSync);
        }

        if (!probe.Status.Answered)
        {
            return new(name, host, port, MemberRoles.Map(listed?.Role), UnreachableState, false, false, null, listed?.Timeline, listedSync);
        }

        var own = probe.Status.Body;
        var memberRole = MemberRoles.Map(own?.Role ?? listed?.Role);
        var memberState = own?.State ?? listed?.State ?? "unknown";
        var synchronous = own?.SyncStandby == true || own?.QuorumStandby == true || listedSync || IsSyncOnLeader(name, leaderStatus);
        var lag = memberRole == MemberRole.Primary ? null : listed?.Lag ?? LagFromPositions(leaderStatus, own);
        return new(name, host, port, memberRole, memberState, true, own is not null && IsRunning(memberState) && memberRole != MemberRole.Unknown,
            lag, own?.Timeline ?? listed?.Timeline, synchronous);
    }

    /// <summary>Patroni 3 says "running" for every live member; Patroni 4 says "streaming" for a replica receiving WAL.</summary>
    public static bool IsRunning(string? state) =>
        string.Equals(state, "running", StringComparison.OrdinalIgnoreCase)
        || string.Equals(state, "streaming", StringComparison.OrdinalIgnoreCase);

    private static bool IsSyncOnLeader(string name, PatroniMemberStatus? leaderStatus) =>
        leaderStatus?.Replication?.Any(r =>
            string.Equals(r.ApplicationName, name, StringComparison.Ordinal)
            && (string.Equals(r.SyncState, "sync", StringComparison.OrdinalIgnoreCase)
                || string.Equals(r.SyncState, "quorum", StringComparison.OrdinalIgnoreCase))) == true;

    /// <summary>When /cluster gave no lag (or could not be read), the leader's WAL position minus what the replica replayed.</summary>
    private static long? LagFromPositions(PatroniMemberStatus? leaderStatus, PatroniMemberStatus? replica) =>
        leaderStatus?.Xlog?.Location is { } primaryAt && (replica?.Xlog?.ReplayedLocation ?? replica?.Xlog?.ReceivedLocation) is { } replicaAt
            ? Math.Max(0, primaryAt - replicaAt)
            : null;
}
