using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes.Patroni;
using ControlPlane.Provisioning.Patroni;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Provisioning.Kubernetes.Rollout;

/// <summary>
/// A switchover the driver makes itself (before replacing the primary's pod, before scaling its ordinal away), to one
/// of the members it allows, caught up: the synchronous standby when there is one, else the streaming replica with the
/// least lag, within Patroni's default maximum_lag_on_failover. The failover detector is told first, so the leader
/// change is recorded as a switchover, not a failover.
/// </summary>
internal sealed class LeaderHandover(
    KubernetesDriverOptions options, PatroniClient patroni, LiveSettings liveSettings, IExpectedSwitchovers? expectedSwitchovers, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>Patroni's default maximum_lag_on_failover: a replica further behind is not a candidate.</summary>
    public const long MaxLagBytes = 1024 * 1024;

    private static readonly TimeSpan ExpectationLifetime = TimeSpan.FromMinutes(2);

    /// <summary>Null when the switchover went through; otherwise why it did not (yet).</summary>
    public async Task<string?> SwitchOverAsync(DesiredInstance desired, V1Pod leader, IReadOnlyCollection<string> allowed, CancellationToken cancellationToken)
    {
        var api = PostBootstrapSteps.PatroniUrl(leader.Status.PodIP, options);
        var cluster = await patroni.GetClusterAsync(api, cancellationToken);
        if (cluster.Body is null)
        {
            return $"could not read the cluster from Patroni on {leader.Metadata.Name}: {cluster.Error ?? $"status {cluster.StatusCode}"}";
        }

        var view = ClusterView.From(cluster.Body);
        if (NeedsAsynchronousFirst(view, allowed, desired))
        {
            // HA off with the sync standby among the members going away: Patroni refuses any other candidate while
            // synchronous mode is on, and the spec no longer wants it, so the live settings go first.
            return await liveSettings.EnsureAsync(desired, leader, cancellationToken) is { } refused
                ? refused.Message
                : $"left synchronous mode so that one of {string.Join(", ", allowed)} can take over from {leader.Metadata.Name}";
        }

        var synchronous = view.SyncStandby is not null || desired.Spec.HighAvailability.Synchronous;
        var target = Candidate(view, allowed, synchronous);
        if (target is null)
        {
            return synchronous
                ? $"waiting for one of {string.Join(", ", allowed)} to be the synchronous standby (now: {view.SyncStandby?.Name ?? "none"})"
                : $"waiting for one of {string.Join(", ", allowed)} to stream within {MaxLagBytes} bytes of the primary";
        }

        expectedSwitchovers?.Expect(desired.InstanceId, Guid.Empty, target, timeProvider.GetUtcNow() + ExpectationLifetime);
        var outcome = await PatroniSwitchover.ExecuteAsync(patroni, api, view, target, synchronous, desired.Credentials, cancellationToken);
        logger.LogInformation(
            "Planned switchover of {InstanceId} from {Leader} to {Candidate}: {Succeeded} {Message}",
            desired.InstanceId, leader.Metadata.Name, target, outcome.Succeeded, outcome.Message);
        if (outcome.Succeeded)
        {
            return null;
        }

        // A refused switchover changes no leader: a failover right after must not be taken for this one.
        expectedSwitchovers?.Cancel(desired.InstanceId, Guid.Empty);
        return $"switchover to {target} did not happen: {outcome.Message}";
    }

    private static bool NeedsAsynchronousFirst(ClusterView view, IReadOnlyCollection<string> allowed, DesiredInstance desired) =>
        !desired.Spec.HighAvailability.Synchronous && view.SyncStandby is { } sync && !allowed.Contains(sync.Name);

    private static string? Candidate(ClusterView view, IReadOnlyCollection<string> allowed, bool synchronous)
    {
        if (synchronous)
        {
            return view.SyncStandby is { } sync && allowed.Contains(sync.Name) ? sync.Name : null;
        }

        return view.RunningReplicas
            .Where(m => allowed.Contains(m.Name) && m.LagBytes <= MaxLagBytes)
            .OrderBy(m => m.LagBytes)
            .Select(m => m.Name)
            .FirstOrDefault();
    }
}
