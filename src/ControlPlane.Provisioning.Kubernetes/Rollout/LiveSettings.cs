using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Patroni;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Patroni;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Kubernetes.Rollout;

/// <summary>
/// Settings Patroni applies live (synchronous mode, strictness, its timings) go through PATCH /config on the leader,
/// never through the pod template: a template change would replace every pod.
/// </summary>
internal sealed class LiveSettings(KubernetesDriverOptions options, PatroniClient patroni, ILogger logger)
{
    /// <summary>Null when Patroni's settings match the spec (patching them if not); a requeue when Patroni cannot be asked or refuses.</summary>
    public async Task<ReconcileResult?> EnsureAsync(DesiredInstance desired, V1Pod leader, CancellationToken cancellationToken)
    {
        var api = PostBootstrapSteps.PatroniUrl(leader.Status.PodIP, options);
        var live = await patroni.GetConfigAsync(api, cancellationToken);
        if (live.Body is null)
        {
            return Requeue($"could not read Patroni's configuration on {leader.Metadata.Name}: {live.Error ?? $"status {live.StatusCode}"}");
        }

        var wanted = PatroniDynamicSettings.Build(desired, options);
        var differences = PatroniDynamicSettings.Differences(wanted, live.Body);
        if (differences.Count == 0)
        {
            return null;
        }

        var changes = new System.Text.Json.Nodes.JsonObject();
        foreach (var key in differences)
        {
            changes[key] = wanted[key]!.DeepClone();
        }

        var patched = await patroni.PatchConfigAsync(api, changes, desired.Credentials, cancellationToken);
        if (patched.StatusCode is not 200)
        {
            return Requeue($"Patroni on {leader.Metadata.Name} did not take the configuration ({patched.StatusCode}): {patched.Body ?? patched.Error}");
        }

        logger.LogInformation("Set Patroni {Settings} of {InstanceId} live", changes.ToJsonString(), desired.InstanceId);
        return null;
    }

    private ReconcileResult Requeue(string message) => ReconcileResult.Requeue("patroni-config", message, options.RequeueAfter);
}
