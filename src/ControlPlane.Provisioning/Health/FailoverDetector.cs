using System.Collections.Concurrent;
using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// The single owner of failover detection and health reporting. Every source (Patroni polling, the pod watch) feeds
/// it, and it publishes one <see cref="LeaderChanged"/> per (instance, new timeline) whichever source saw it first.
/// Health comes from complete Patroni observations only: the pod watch knows neither lag nor the sync standby.
/// </summary>
public sealed class FailoverDetector(
    IMonitoredInstances instances,
    IExpectedSwitchovers switchovers,
    IInstanceEventPublisher publisher,
    IEventSequencer sequencer,
    IOptionsMonitor<HealthMonitorOptions> options,
    TimeProvider timeProvider,
    ILogger<FailoverDetector> logger) : IInstanceObservationSink, ILeaderLossWatch
{
    private readonly ConcurrentDictionary<Guid, InstanceSlot> _slots = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _leaderLost = new();

    public IReadOnlyCollection<Guid> InstancesWithLeaderLost(DateTimeOffset since) =>
        [.. _leaderLost.Where(lost => lost.Value >= since).Select(lost => lost.Key)];

    public async ValueTask ObserveAsync(InstanceObservation observation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (!instances.TryGet(observation.InstanceId, out var info))
        {
            // Not provisioned yet, or deleted: nothing to compare against and nobody to report to.
            _slots.TryRemove(observation.InstanceId, out _);
            _leaderLost.TryRemove(observation.InstanceId, out _);
            logger.LogDebug("Ignoring a {Source} observation of {InstanceId}, which is not monitored", observation.Source, observation.InstanceId);
            return;
        }

        var slot = _slots.GetOrAdd(observation.InstanceId, _ => InstanceSlot.StartingFrom(info.Leader));
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            await DetectLeaderChangeAsync(slot, observation, info, cancellationToken);
            if (observation.Source == ObservationSources.Patroni && observation.Complete)
            {
                await ReportHealthAsync(slot, observation, info, cancellationToken);
            }
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>
    /// The outage a change records runs from the old leader's death (see <see cref="LeaderTracker.LeaderLostAt"/>) to the first observation
    /// in which a commit can succeed: the new leader running, and with dataDurability required a synchronous standby
    /// streaming from it too (until then every commit waits). The change is published at that second moment.
    /// </summary>
    private async Task DetectLeaderChangeAsync(InstanceSlot slot, InstanceObservation observation, MonitoredInstance info, CancellationToken cancellationToken)
    {
        var tracker = slot.Leader;
        var instanceId = observation.InstanceId;
        var transition = tracker.Assess(observation, options.CurrentValue.LeaderChangeDedupeWindow);
        if (transition is { Kind: LeaderTransitionKind.Changed or LeaderTransitionKind.Restarted, Candidate: { } promoted })
        {
            if (slot.Pending is { } superseded)
            {
                // A newer change before the last one could take commits: record that one as far as it is known.
                await PublishAsync(slot, superseded, superseded.SeenAt, cancellationToken);
            }

            var now = timeProvider.GetUtcNow();
            var restarted = transition.Kind == LeaderTransitionKind.Restarted;
            // A restart answers no switchover request: the request stays for the change it asked for.
            var expected = restarted ? null : await switchovers.AnswerAsync(instanceId, transition.OldLeader, now, cancellationToken);
            var changed = new LeaderChanged(
                instanceId,
                expected?.OperationId is { } operationId && operationId != Guid.Empty ? operationId : null,
                info.Generation,
                0, // numbered when it is published: only published changes take a place in the instance's sequence
                now,
                restarted ? LeaderChanged.Restart : expected is null ? LeaderChanged.Failover : LeaderChanged.Switchover,
                transition.OldLeader,
                promoted.Member,
                promoted.Timeline,
                transition.PrimaryLostAt,
                observation.ObservedAt,
                transition.LastSeenLagBytes,
                transition.PromotedWasSynchronous,
                observation.Source);
            slot.Pending = new PendingLeaderChange(changed, observation.ObservedAt);
        }
        else if (transition.Kind == LeaderTransitionKind.Stale)
        {
            logger.LogDebug("Ignoring a stale {Source} view of {InstanceId} with {Member} as leader", observation.Source, instanceId, transition.Candidate?.Member);
        }

        tracker.Apply(observation, transition);
        if (slot.Pending is { } pending)
        {
            if (CommitsCanSucceed(observation, pending.Change.NewPrimary, info.HighAvailability))
            {
                await PublishAsync(slot, pending, observation.ObservedAt, cancellationToken);
            }
            else if (observation.ObservedAt - pending.SeenAt >= options.CurrentValue.SynchronousStandbyWait)
            {
                logger.LogWarning("No synchronous standby attached to the new leader of {InstanceId} within {Wait}; recording the change without one",
                    instanceId, options.CurrentValue.SynchronousStandbyWait);
                await PublishAsync(slot, pending, observation.ObservedAt, cancellationToken);
            }
        }

        // Watched closely until commits succeed again, not only until a leader is back.
        if ((tracker.LeaderLostAt ?? slot.Pending?.Change.PrimaryLostAt ?? slot.Pending?.SeenAt) is { } lostAt)
        {
            _leaderLost[instanceId] = lostAt;
        }
        else
        {
            _leaderLost.TryRemove(instanceId, out _);
        }
    }

    /// <summary>
    /// Publishes a change with the moment commits could succeed again. A change that fails to publish stays pending,
    /// switchover request and all, and goes out with the next observation.
    /// </summary>
    private async Task PublishAsync(InstanceSlot slot, PendingLeaderChange pending, DateTimeOffset readyAt, CancellationToken cancellationToken)
    {
        var changed = pending.Change with
        {
            Sequence = sequencer.Next(pending.Change.InstanceId),
            OccurredAt = timeProvider.GetUtcNow(),
            NewPrimaryReadyAt = readyAt,
        };
        await publisher.PublishAsync(changed, cancellationToken);
        slot.Pending = null;
        logger.LogWarning(
            "Leader of {InstanceId} moved from {OldPrimary} to {NewPrimary} (timeline {Timeline}, {Kind}, seen by {Source}, downtime {Downtime})",
            changed.InstanceId, changed.OldPrimary, changed.NewPrimary, changed.NewTimeline, changed.Kind, changed.Source, changed.Downtime);
    }

    /// <summary>
    /// Whether a commit on <paramref name="leader"/> succeeds in what this observation shows: it leads and runs (the
    /// tracker only promotes such a member), and with dataDurability required a synchronous standby streams from it,
    /// which only a complete Patroni observation can tell.
    /// </summary>
    internal static bool CommitsCanSucceed(InstanceObservation observation, string leader, HighAvailabilityExpectation expectation)
    {
        if (!expectation.Strict)
        {
            return true;
        }

        return observation is { Source: ObservationSources.Patroni, Complete: true }
            && observation.Members.Any(m => m.Member == leader && m is { Role: MemberRole.Primary, Reachable: true, Ready: true })
            && observation.Members.Any(m => m.Member != leader
                && m is { Role: MemberRole.Replica, Reachable: true, Synchronous: true }
                && PatroniObservationBuilder.IsRunning(m.State));
    }

    private async Task ReportHealthAsync(InstanceSlot slot, InstanceObservation observation, MonitoredInstance info, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var health = InstanceHealthEvaluator.Evaluate(observation, info.HighAvailability, settings.LagThresholdBytes);
        var fingerprint = HealthFingerprint.Of(health);
        var now = timeProvider.GetUtcNow();
        var changed = fingerprint != slot.LastHealth || info.Generation != slot.LastHealthGeneration;
        if (!changed && now - slot.LastHealthAt < settings.HeartbeatInterval)
        {
            return;
        }

        var instanceId = observation.InstanceId;
        await publisher.PublishAsync(
            new InstanceHealthReported(instanceId, info.Generation, sequencer.Next(instanceId), now, health.State, health.Reason,
                health.PrimaryMember, health.SynchronouslyDurable, health.Members),
            cancellationToken);

        if (changed)
        {
            logger.LogInformation("Health of {InstanceId} is {Health}: {Reason}", instanceId, health.State, health.Reason);
        }

        slot.LastHealth = fingerprint;
        slot.LastHealthGeneration = info.Generation;
        slot.LastHealthAt = now;
    }
}
