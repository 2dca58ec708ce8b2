using ControlPlane.Provisioning.Drivers;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Watch;

/// <summary>Where the health monitor reaches each member's Patroni: the pod IPs of pods the driver trusts, nothing else.</summary>
public static class MemberEndpoints
{
    public static List<PatroniMemberEndpoint> From(IEnumerable<V1Pod> pods, KubernetesDriverOptions options) =>
        pods.Where(p => !string.IsNullOrEmpty(p.Status?.PodIP))
            .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Select(p => new PatroniMemberEndpoint(p.Metadata.Name, Patroni.PostBootstrapSteps.PatroniUrl(p.Status.PodIP, options)))
            .ToList();
}
