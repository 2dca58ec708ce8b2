using System.Text.Json.Nodes;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Kubernetes.Specs;

/// <summary>
/// The Patroni settings the driver owns in the DCS, all applied by Patroni without a restart: its timings and the
/// synchronous mode. One definition for the bootstrap of a new cluster and for PATCH /config on a running one.
/// </summary>
public static class PatroniDynamicSettings
{
    public static JsonObject Build(DesiredInstance instance, KubernetesDriverOptions options)
    {
        var ha = instance.Spec.HighAvailability;
        return new JsonObject
        {
            ["ttl"] = (int)options.PatroniTtl.TotalSeconds,
            ["loop_wait"] = (int)options.PatroniLoopWait.TotalSeconds,
            ["retry_timeout"] = (int)options.PatroniRetryTimeout.TotalSeconds,
            ["synchronous_mode"] = ha.Synchronous,
            ["synchronous_mode_strict"] = ha.Strict,
        };
    }

    /// <summary>The settings whose live value differs from the desired one (a key Patroni does not show counts as differing).</summary>
    public static IReadOnlyList<string> Differences(JsonObject desired, JsonObject live) =>
        [.. desired.Where(p => !JsonNode.DeepEquals(p.Value, live[p.Key])).Select(p => p.Key)];
}
