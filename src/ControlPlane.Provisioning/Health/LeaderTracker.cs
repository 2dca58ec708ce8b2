using ControlPlane.Contracts.Events;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// The failover detector's memory of one instance: the leader and its timeline, when the leader died (as the driver saw
/// it, or halfway between the last observation that saw it serve and the first that missed it: within half an interval,
/// where the first miss alone was up to a whole interval late),
/// and each replica's lag and the sync standby as they were before the loss. Two phases, so that nothing is
/// remembered when publishing fails: <see cref="Assess"/> judges an observation against what was known before it,
/// <see cref="Apply"/> then records it. Not thread-safe; the detector serialises calls per instance.
/// </summary>
internal sealed class LeaderTracker
{
    private readonly Dictionary<string, long?> _lag = new(StringComparer.Ordinal);
    private Dictionary<string, long?>? _lagAtLoss;
    private string? _syncStandby;
    private string? _syncStandbyAtLoss;
    private LeaderChangeRecord? _lastChange;
    private DateTimeOffset? _leaderServingAt;

    public string? Leader { get; private set; }

    public int? LeaderTimeline { get; private set; }

    public int? HighestTimeline { get; private set; }

    /// <summary>Set once the leader is seen lost: when it died, as well as the observations tell.</summary>
    public DateTimeOffset? LeaderLostAt { get; private set; }

    /// <summary>Starts from the leader a reconcile pass saw serving (its timeline is learnt from the first poll).</summary>
    public void Seed(LeaderSighting sighting)
    {
        Leader = sighting.Member;
        _leaderServingAt = sighting.SeenAt;
    }

    public LeaderTransition Assess(InstanceObservation observation, TimeSpan dedupeWindow)
    {
        var candidate = PickLeader(observation.Members);
        if (candidate is null)
        {
            return LeaderTransition.None;
        }

        if (Leader is null)
        {
            return new(LeaderTransitionKind.Baseline, candidate);
        }

        var recent = _lastChange is { } last && observation.ObservedAt - last.At <= dedupeWindow ? last : null;
        if (candidate.Timeline is { } timeline)
        {
            if (timeline < HighestTimeline)
            {
                return new(LeaderTransitionKind.Stale, candidate);
            }

            if (candidate.Member == Leader)
            {
                // A newer timeline under a leader whose own timeline was known; one learnt for the first time (after
                // the pod watch saw the change without it) is not a restart.
                return LeaderTimeline is { } current && timeline > current
                    ? new(LeaderTransitionKind.Restarted, candidate, Leader, LeaderLostAt, null, false)
                    : new(LeaderTransitionKind.None, candidate);
            }

            // Patroni bumps the timeline on every promotion, so two leaders never share one.
            if (timeline == HighestTimeline)
            {
                return new(LeaderTransitionKind.Corrected, candidate);
            }

            if (recent is { Timeline: null } && recent.NewLeader == candidate.Member)
            {
                return new(LeaderTransitionKind.Confirmed, candidate);
            }
        }
        else
        {
            if (candidate.Member == Leader)
            {
                return new(LeaderTransitionKind.None, candidate);
            }

            // Without a timeline there is no telling a new leader from a lagging view of the last change.
            if (recent is not null && (recent.OldLeader == candidate.Member || recent.NewLeader == candidate.Member))
            {
                return new(LeaderTransitionKind.Stale, candidate);
            }
        }

        var lost = LeaderLostAt is not null;
        var lag = lost ? _lagAtLoss ?? _lag : _lag;
        var syncStandby = lost ? _syncStandbyAtLoss : _syncStandby;
        return new(LeaderTransitionKind.Changed, candidate, Leader, LeaderLostAt,
            lag.GetValueOrDefault(candidate.Member), syncStandby == candidate.Member);
    }

    public void Apply(InstanceObservation observation, LeaderTransition transition)
    {
        var candidate = transition.Candidate;
        switch (transition.Kind)
        {
            case LeaderTransitionKind.Changed when candidate is not null:
                _lastChange = new(Leader, candidate.Member, candidate.Timeline, observation.ObservedAt);
                Promote(candidate);
                break;
            case LeaderTransitionKind.Confirmed when candidate is not null:
                _lastChange = _lastChange! with { Timeline = candidate.Timeline };
                Promote(candidate);
                break;
            case LeaderTransitionKind.Baseline or LeaderTransitionKind.Corrected when candidate is not null:
                Promote(candidate);
                break;
            case LeaderTransitionKind.None when candidate is { Timeline: { } timeline }:
                // The same leader, its timeline now known (the pod watch saw it first without one).
                LeaderTimeline = timeline;
                HighestTimeline = Max(HighestTimeline, timeline);
                break;
            case LeaderTransitionKind.Restarted when candidate is not null:
                Promote(candidate);
                break;
        }

        TrackLoss(observation);
    }

    private void Promote(MemberObservation leader)
    {
        if (Leader != leader.Member)
        {
            _leaderServingAt = null;
        }

        Leader = leader.Member;
        LeaderTimeline = leader.Timeline;
        HighestTimeline = Max(HighestTimeline, leader.Timeline);
        ClearLoss();
    }

    private void TrackLoss(InstanceObservation observation)
    {
        if (Leader is null)
        {
            return;
        }

        var leader = observation.Members.FirstOrDefault(m => m.Member == Leader);
        // A death the driver saw after the leader last served is when the outage began; an older one was recovered from.
        var died = leader?.DiedAt is { } diedAt && diedAt > (_leaderServingAt ?? DateTimeOffset.MinValue) && diedAt <= observation.ObservedAt
            ? diedAt
            : (DateTimeOffset?)null;
        if (leader is { Reachable: false } || (leader is null && observation.Complete) || (died is not null && leader is { Ready: false }))
        {
            if (LeaderLostAt is null)
            {
                LeaderLostAt = died ?? (_leaderServingAt is { } serving && serving <= observation.ObservedAt
                    ? serving + ((observation.ObservedAt - serving) / 2)
                    : observation.ObservedAt);
                _lagAtLoss = new(_lag, StringComparer.Ordinal);
                _syncStandbyAtLoss = _syncStandby;
            }
            else if (died is { } known)
            {
                // Learnt after a poll had already missed the leader: the death itself replaces the estimate.
                LeaderLostAt = known;
            }

            return;
        }

        if (leader is { Reachable: true, Ready: true, Role: MemberRole.Primary })
        {
            ClearLoss();
            _leaderServingAt = observation.ObservedAt;
        }

        if (LeaderLostAt is null)
        {
            RecordReplicas(observation);
        }
    }

    private void RecordReplicas(InstanceObservation observation)
    {
        var fromPatroni = observation.Source == ObservationSources.Patroni;
        foreach (var member in observation.Members.Where(m => m.Member != Leader && m.Reachable))
        {
            if (member.LagBytes is not null || fromPatroni)
            {
                _lag[member.Member] = member.LagBytes;
            }
        }

        // Only Patroni knows the sync standby; a pod watch saying "not synchronous" means "don't know".
        if (fromPatroni && observation.Complete)
        {
            _syncStandby = observation.Members.FirstOrDefault(m => m.Member != Leader && m.Synchronous && m.Reachable)?.Member;
        }
    }

    private void ClearLoss()
    {
        LeaderLostAt = null;
        _lagAtLoss = null;
        _syncStandbyAtLoss = null;
    }

    private MemberObservation? PickLeader(IReadOnlyList<MemberObservation> members) =>
        members.Where(m => m.Role == MemberRole.Primary && m.Reachable && m.Ready)
            .OrderByDescending(m => m.Timeline ?? -1)
            .ThenByDescending(m => m.Member == Leader)
            .FirstOrDefault();

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
