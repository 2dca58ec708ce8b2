namespace ControlPlane.Provisioning.Kubernetes.Rollout;

/// <summary>
/// The order a careful DBA replaces members in (CloudNativePG's primaryUpdateMethod: switchover): replicas one at a
/// time, highest ordinal first, each only once every other member is back and ready; then one planned switchover to
/// an updated replica; then the old primary, by then a replica. A single member has no one to hand over to, so its
/// pod is replaced in place: the only case where a change restarts the primary.
/// </summary>
public static class RolloutPlanner
{
    public static RolloutStep Next(IReadOnlyList<RolloutMember> pods, int members)
    {
        var outdated = pods.Where(p => !p.Updated && !p.Terminating).ToList();
        if (outdated.Count == 0)
        {
            return RolloutStep.Done;
        }

        var live = pods.Where(p => !p.Terminating && p.Ordinal < members).ToList();
        if (pods.Any(p => p.Terminating) || live.Count < members || live.Any(p => !p.Ready))
        {
            var missing = pods.FirstOrDefault(p => p.Terminating || !p.Ready)?.Name ?? $"{members - live.Count} member(s)";
            return new RolloutStep(RolloutStepKind.Wait, null, $"waiting for {missing} to be back and ready before replacing the next member");
        }

        if (outdated.Where(p => !p.Leader).OrderByDescending(p => p.Ordinal).FirstOrDefault() is { } replica)
        {
            return new RolloutStep(RolloutStepKind.ReplacePod, replica.Name, $"replacing replica {replica.Name} with the current pod template");
        }

        if (outdated.FirstOrDefault(p => p.Leader) is not { } leader)
        {
            return new RolloutStep(RolloutStepKind.Wait, null, "waiting for Patroni to elect a leader before replacing the next member");
        }

        return live.Count == 1
            ? new RolloutStep(RolloutStepKind.ReplacePod, leader.Name, $"replacing the only member {leader.Name}: a restart of the primary cannot be avoided")
            : new RolloutStep(RolloutStepKind.SwitchOver, leader.Name, $"switching over from {leader.Name} to an updated replica before replacing it");
    }
}
