using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Health;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes;

/// <summary>How a pod reads as a Patroni member: role from its role label, readiness from its Ready condition.</summary>
public static class PodMembers
{
    public static MemberRole Role(V1Pod pod, KubernetesDriverOptions options)
    {
        var value = pod.Metadata?.Labels?.TryGetValue(options.RoleLabelKey, out var v) == true ? v : null;
        var role = MemberRoles.Map(value);
        if (role != MemberRole.Unknown || value is null)
        {
            return role;
        }

        // Custom label values (configured, not Spilo's) are ours to map.
        return value == options.PrimaryRoleValue ? MemberRole.Primary
            : value == options.ReplicaRoleValue ? MemberRole.Replica
            : MemberRole.Unknown;
    }

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    public static MemberObservation Observe(V1Pod pod, KubernetesDriverOptions options)
    {
        var ip = pod.Status?.PodIP;
        var running = pod.Status?.Phase == "Running" && pod.Metadata?.DeletionTimestamp is null;
        return new MemberObservation(
            Member: pod.Metadata?.Name ?? "",
            Host: ip ?? "",
            Port: options.PostgresPort,
            Role: Role(pod, options),
            State: (pod.Status?.Phase ?? "Unknown").ToLowerInvariant(),
            Reachable: running && !string.IsNullOrEmpty(ip),
            Ready: IsReady(pod),
            LagBytes: null,
            Timeline: null,
            Synchronous: false,
            DiedAt: DiedAt(pod));
    }

    /// <summary>When a container of the pod last ended (terminated now, or before its restart), to the second the kubelet records.</summary>
    public static DateTimeOffset? DiedAt(V1Pod pod) =>
        (pod.Status?.ContainerStatuses ?? [])
            .SelectMany(c => new[] { c.State?.Terminated?.FinishedAt, c.LastState?.Terminated?.FinishedAt })
            .Where(t => t is not null)
            .Select(t => (DateTimeOffset?)new DateTimeOffset(DateTime.SpecifyKind(t!.Value, DateTimeKind.Utc)))
            .Max();
}
