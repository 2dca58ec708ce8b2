using ControlPlane.Contracts.Events;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// Pure: turns one complete observation and what the customer asked for into healthy, degraded or unavailable.
/// Unavailable means no writable leader. Degraded means the leader serves but redundancy or durability is short.
/// Messages hold no byte counts or times, so a report changes only when the situation does.
/// </summary>
public static class InstanceHealthEvaluator
{
    public static InstanceHealth Evaluate(InstanceObservation observation, HighAvailabilityExpectation expected, long lagThresholdBytes)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(expected);
        var members = observation.Members;
        var report = members.Select(ToHealth).ToList();

        if (!members.Any(m => m.Reachable))
        {
            return Unavailable(InstanceHealthReasons.NoMemberReachable,
                members.Count == 0 ? "no member is known" : $"none of the {members.Count} members answers", report);
        }

        var leader = FindLeader(members);
        if (leader is null)
        {
            return NoServingLeader(members, report);
        }

        var replicas = members.Where(m => m.Member != leader.Member).ToList();
        var issues = new List<(string Code, string Message)>();

        var down = replicas.Where(m => !m.Reachable || !m.Ready).ToList();
        if (down.Count > 0)
        {
            issues.Add((InstanceHealthReasons.ReplicaDown, string.Join(", ", down.Select(DescribeDown))));
        }

        if (members.Count < expected.Members)
        {
            issues.Add((InstanceHealthReasons.MembersMissing, $"{members.Count} of {expected.Members} members exist"));
        }

        var hasSyncStandby = replicas.Any(m => m.Synchronous && m.Reachable && m.Ready);
        if (expected.Synchronous && !hasSyncStandby)
        {
            if (expected.Strict)
            {
                // synchronous_mode_strict: the leader accepts no commit until a standby confirms it, so writes hang.
                return new(InstanceHealthStates.Unavailable, InstanceHealthReasons.NoSynchronousStandby,
                    $"no synchronous standby; durability is required, so writes on {leader.Member} wait until one returns",
                    leader.Member, true, report);
            }

            issues.Add((InstanceHealthReasons.NoSynchronousStandby,
                "no synchronous standby; writes are acknowledged without a replica's confirmation"));
        }

        var lagging = replicas.Where(m => m.Reachable && m.Ready && m.LagBytes > lagThresholdBytes).ToList();
        if (lagging.Count > 0)
        {
            issues.Add((InstanceHealthReasons.ReplicaLagging,
                $"{string.Join(", ", lagging.Select(m => m.Member))} more than {lagThresholdBytes} bytes behind the leader"));
        }

        var durable = expected.Synchronous && hasSyncStandby;
        if (issues.Count == 0)
        {
            var message = members.Count == 1
                ? $"the primary {leader.Member} is running"
                : $"all {members.Count} members are running; {leader.Member} is the leader";
            return new(InstanceHealthStates.Healthy, InstanceHealthReasons.AllMembersHealthy, message, leader.Member, durable, report);
        }

        return new(InstanceHealthStates.Degraded, issues[0].Code, string.Join("; ", issues.Select(i => i.Message)),
            leader.Member, durable, report);
    }

    /// <summary>The member serving as leader: reachable, running, primary; on a tie the newest timeline.</summary>
    public static MemberObservation? FindLeader(IEnumerable<MemberObservation> members) =>
        members.Where(m => m.Role == MemberRole.Primary && m.Reachable && m.Ready)
            .OrderByDescending(m => m.Timeline ?? -1)
            .FirstOrDefault();

    private static InstanceHealth NoServingLeader(IReadOnlyList<MemberObservation> members, IReadOnlyList<MemberHealth> report)
    {
        var primaries = members.Where(m => m.Role == MemberRole.Primary).ToList();
        if (primaries.FirstOrDefault(m => m.Reachable) is { } stopped)
        {
            return Unavailable(InstanceHealthReasons.LeaderNotRunning,
                $"the leader {stopped.Member} answers but PostgreSQL is {stopped.State}", report);
        }

        var survivors = members.Where(m => m.Reachable && m.Ready).ToList();
        if (primaries.Count > 0 && survivors.Count > 0)
        {
            return Unavailable(InstanceHealthReasons.FailingOver,
                $"the leader {primaries[0].Member} is unreachable; waiting for a replica to be promoted", report);
        }

        return Unavailable(InstanceHealthReasons.NoLeader, "no member is the leader", report);
    }

    private static InstanceHealth Unavailable(string code, string message, IReadOnlyList<MemberHealth> report) =>
        new(InstanceHealthStates.Unavailable, code, message, null, false, report);

    private static string DescribeDown(MemberObservation member) =>
        member.Reachable ? $"{member.Member} is {member.State}" : $"{member.Member} is unreachable";

    private static MemberHealth ToHealth(MemberObservation m) =>
        new(m.Member, m.Host, m.Port, m.Role, m.State, m.LagBytes, m.Timeline, m.Synchronous);
}
