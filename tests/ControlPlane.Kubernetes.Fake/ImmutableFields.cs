using System.Text.Json.Nodes;
using k8s.Models;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// Updates the real API server refuses with 422 Invalid, so a client that tries them fails here too: StatefulSet
/// fields other than replicas/template/updateStrategy/retention policy/minReadySeconds/ordinals, a RoleBinding's
/// roleRef, and a claim's storage request going down.
/// </summary>
internal static class ImmutableFields
{
    private static readonly string[] StatefulSetFixed = ["selector", "serviceName", "volumeClaimTemplates", "podManagementPolicy"];

    public static string? Violation(ResourceKind kind, JsonObject current, JsonObject next)
    {
        if (kind == ResourceKinds.StatefulSets)
        {
            var changed = StatefulSetFixed.Where(f => !JsonNode.DeepEquals(current["spec"]?[f], next["spec"]?[f])).ToList();
            return changed.Count == 0
                ? null
                : $"spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden (changed: {string.Join(", ", changed)})";
        }

        if (kind == ResourceKinds.RoleBindings && !JsonNode.DeepEquals(current["roleRef"], next["roleRef"]))
        {
            return "roleRef: Invalid value: cannot change roleRef";
        }

        if (kind == ResourceKinds.PersistentVolumeClaims
            && Storage(current) is { } before && Storage(next) is { } after && after < before)
        {
            return "spec.resources.requests.storage: Forbidden: field can not be less than previous value";
        }

        return null;
    }

    private static decimal? Storage(JsonObject claim) =>
        claim["spec"]?["resources"]?["requests"]?["storage"]?.GetValue<string>() is { } q ? new ResourceQuantity(q).ToDecimal() : null;
}
