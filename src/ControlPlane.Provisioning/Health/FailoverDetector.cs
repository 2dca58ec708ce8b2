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

        var slot = _slots.GetOrAdd(observation.InstanceId, _ => new InstanceSlot());
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            await DetectLeaderChangeAsync(slot.Leader, observation, info, cancellationToken);
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

    private async Task DetectLeaderChangeAsync(LeaderTracker tracker, InstanceObservation observation, MonitoredInstance info, CancellationToken cancellationToken)
    {
        var instanceId = observation.InstanceId;
        var transition = tracker.Assess(observation, options.CurrentValue.LeaderChangeDedupeWindow);
        if (transition is { Kind: LeaderTransitionKind.Changed or LeaderTransitionKind.Restarted, Candidate: { } promoted })
        {
            var now = timeProvider.GetUtcNow();
            var restarted = transition.Kind == LeaderTransitionKind.Restarted;
            // A restart answers no switchover request: the request stays for the change it asked for.
            var expected = restarted ? null : switchovers.Take(instanceId, now);
            var changed = new LeaderChanged(
                instanceId,
                expected?.OperationId is { } operationId && operationId != Guid.Empty ? operationId : null,
                info.Generation,
                sequencer.Next(instanceId),
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
            try
            {
                await publisher.PublishAsync(changed, cancellationToken);
            }
            catch
            {
                // Nothing was recorded: the next observation detects the change again and still finds the request.
                if (expected is not null)
                {
                    switchovers.Expect(instanceId, expected.OperationId, expected.TargetMember, expected.ExpiresAt);
                }

                throw;
            }

            logger.LogWarning(
                "Leader of {InstanceId} moved from {OldPrimary} to {NewPrimary} (timeline {Timeline}, {Kind}, seen by {Source}, downtime {Downtime})",
                instanceId, changed.OldPrimary, changed.NewPrimary, changed.NewTimeline, changed.Kind, changed.Source, changed.Downtime);
        }
        else if (transition.Kind == LeaderTransitionKind.Stale)
        {
            logger.LogDebug("Ignoring a stale {Source} view of {InstanceId} with {Member} as leader", observation.Source, instanceId, transition.Candidate?.Member);
        }

        tracker.Apply(observation, transition);
        if (tracker.LeaderLostAt is { } lostAt)
        {
            _leaderLost[instanceId] = lostAt;
        }
        else
        {
            _leaderLost.TryRemove(instanceId, out _);
        }
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
