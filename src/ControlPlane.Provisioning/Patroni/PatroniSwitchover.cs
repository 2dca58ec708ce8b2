using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// A planned switchover through the current leader's <c>POST /switchover</c>, the same for both drivers. Targets that
/// cannot take over are refused first with a readable reason; Patroni's own refusals pass through; an unreachable
/// Patroni, or a 503 (it tried and could not complete, e.g. the candidate lagged), is transient.
/// <para>
/// The leader named to Patroni is the one the switchover was asked of (<c>requestedLeader</c>) when there is one, not
/// the one seen now: Patroni refuses a repeat after the switch with 412 "leader name does not match", which is how a
/// switchover is executed at most once across redeliveries and a change of owner.
/// </para>
/// </summary>
public static class PatroniSwitchover
{
    public static async Task<SwitchoverOutcome> ExecuteAsync(
        PatroniClient patroni, Uri leaderApi, ClusterView view, string? targetMember, bool synchronousMode, InstanceCredentials credentials,
        CancellationToken cancellationToken, string? requestedLeader = null)
    {
        if (view.Leader is not { } leader)
        {
            return new SwitchoverOutcome(false, "No leader is running; try again once the cluster has a leader.", Transient: true);
        }

        if (targetMember is not null && SwitchoverRules.Check(view, targetMember, synchronousMode) is { } reason)
        {
            return new SwitchoverOutcome(false, reason);
        }

        // Without a target, name the synchronous standby ourselves in synchronous mode: Patroni refuses a
        // candidate-less switchover while its sync key is being rewritten (just after a failover, say).
        if (targetMember is null && synchronousMode)
        {
            targetMember = view.SyncStandby?.Name;
            if (targetMember is null)
            {
                return new SwitchoverOutcome(false, "No synchronous standby is running yet; try again shortly.", Transient: true);
            }
        }

        var response = await patroni.SwitchoverAsync(leaderApi, requestedLeader ?? leader.Name, targetMember, credentials, cancellationToken);
        return response switch
        {
            { Answered: false } => new SwitchoverOutcome(false, $"Patroni on {leader.Name} did not answer: {response.Error}", Transient: true),
            { StatusCode: 200 or 202 } => new SwitchoverOutcome(true, response.Body ?? ""),
            { StatusCode: 401 or 403 } => new SwitchoverOutcome(false, "Patroni rejected the control plane's REST API credentials"),
            { StatusCode: 412 } when response.Body?.Contains("leader name does not match", StringComparison.Ordinal) == true =>
                new SwitchoverOutcome(false, $"Patroni refused: {response.Body}") { LeaderMoved = true },
            { StatusCode: 412 } => new SwitchoverOutcome(false, response.Body ?? "precondition failed"),
            { StatusCode: 503 or >= 500 } => new SwitchoverOutcome(false, $"Patroni could not switch over ({response.StatusCode}): {response.Body}", Transient: true),
            _ => new SwitchoverOutcome(false, $"Patroni rejected the switchover ({response.StatusCode}): {response.Body}"),
        };
    }
}
