using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Apply;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Kubernetes.Rollout;

/// <summary>
/// Replaces pods whose template is out of date in <see cref="RolloutPlanner"/>'s order, one step per reconcile pass, and
/// never lets the leader's ordinal be scaled away while it leads. Both steps answer null when there is nothing to do.
/// </summary>
internal sealed class MemberRollout(KubernetesApplier applier, KubernetesDriverOptions options, LeaderHandover handover, ILogger logger)
{
    /// <summary>The label the StatefulSet controller puts on each pod: the revision of the template it was made from.</summary>
    public const string RevisionLabel = "controller-revision-hash";

    public async Task<ReconcileResult?> ContinueAsync(DesiredInstance desired, V1StatefulSet statefulSet, IReadOnlyList<V1Pod> pods, CancellationToken cancellationToken)
    {
        if (statefulSet.Status?.UpdateRevision is not { Length: > 0 } revision)
        {
            return null;
        }

        var members = desired.Spec.HighAvailability.Members;
        var step = RolloutPlanner.Next([.. pods.Select(p => Member(p, revision))], members);
        switch (step.Kind)
        {
            case RolloutStepKind.Done:
                return null;
            case RolloutStepKind.ReplacePod:
                await DeletePodAsync(pods.Single(p => p.Metadata.Name == step.Pod), cancellationToken);
                logger.LogInformation("Rollout of {InstanceId}: {Step}", desired.InstanceId, step.Reason);
                return Requeue(step.Reason);
            case RolloutStepKind.SwitchOver:
                var leader = pods.Single(p => p.Metadata.Name == step.Pod);
                var updated = pods.Where(p => Member(p, revision) is { Updated: true, Ready: true, Leader: false, Terminating: false } m && m.Ordinal < members)
                    .Select(p => p.Metadata.Name)
                    .ToList();
                var notYet = await handover.SwitchOverAsync(desired, leader, updated, cancellationToken);
                return Requeue(notYet ?? $"switched over from {leader.Metadata.Name}; replacing it next");
            default:
                return Requeue(step.Reason);
        }
    }

    /// <summary>Before the StatefulSet loses the leader's ordinal (fewer members, HA off), hand the leader role to a member that stays.</summary>
    public async Task<ReconcileResult?> GuardScaleDownAsync(
        DesiredInstance desired, V1StatefulSet? existing, Func<CancellationToken, Task<IReadOnlyList<V1Pod>>> listPods, CancellationToken cancellationToken)
    {
        var members = desired.Spec.HighAvailability.Members;
        if (existing?.Spec?.Replicas is not { } current || current <= members)
        {
            return null;
        }

        var pods = await listPods(cancellationToken);
        var leader = pods.FirstOrDefault(p => PodMembers.Role(p, options) == MemberRole.Primary && p.Metadata.DeletionTimestamp is null);
        if (leader is null || Ordinal(leader) < members)
        {
            return null;
        }

        if (string.IsNullOrEmpty(leader.Status?.PodIP))
        {
            return Requeue($"waiting for {leader.Metadata.Name} to have an address before handing over its leader role");
        }

        var staying = pods.Where(p => Ordinal(p) < members && PodMembers.IsReady(p) && p.Metadata.DeletionTimestamp is null)
            .Select(p => p.Metadata.Name)
            .ToList();
        var notYet = await handover.SwitchOverAsync(desired, leader, staying, cancellationToken);
        return Requeue(notYet ?? $"switched over away from {leader.Metadata.Name} before scaling to {members} member(s)");
    }

    /// <summary>Deletes exactly the pod that was judged out of date (uid precondition), not one recreated since.</summary>
    private async Task DeletePodAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var body = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Metadata.Uid } };
        try
        {
            await applier.Retry.ExecuteAsync(
                async ct => await applier.Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, body, cancellationToken: ct),
                cancellationToken);
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e) || ApiErrors.IsConflict(e))
        {
            // Gone or replaced already: the next pass sees the new pod.
        }
    }

    private RolloutMember Member(V1Pod pod, string revision) => new(
        pod.Metadata.Name,
        Ordinal(pod),
        pod.Metadata.Labels?.TryGetValue(RevisionLabel, out var r) == true && r == revision,
        PodMembers.IsReady(pod),
        PodMembers.Role(pod, options) == MemberRole.Primary,
        pod.Metadata.DeletionTimestamp is not null);

    private static int Ordinal(V1Pod pod)
    {
        var name = pod.Metadata.Name;
        return int.TryParse(name.AsSpan(name.LastIndexOf('-') + 1), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }

    private ReconcileResult Requeue(string message) => ReconcileResult.Requeue("rollout", message, options.RequeueAfter);
}
