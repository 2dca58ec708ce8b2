using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.State;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Patroni;

/// <summary>
/// A planned switchover through the current leader's <c>POST /switchover</c>. Targets that cannot take over are
/// rejected first with a readable reason; Patroni's own refusals pass through; an unreachable Patroni is transient.
/// </summary>
public sealed class LocalSwitchover(IOptions<LocalDriverOptions> options, InstanceStateStore store, ClusterObserver observer, PatroniApi patroni)
{
    public async Task<SwitchoverOutcome> SwitchoverAsync(DesiredInstance desired, string? targetMember, CancellationToken cancellationToken)
    {
        if (store.Read(desired.InstanceId) is not { } state)
        {
            return new SwitchoverOutcome(false, $"Instance {desired.Name} does not run on this machine.");
        }

        try
        {
            var view = await observer.ObserveAsync(state, cancellationToken);
            if (view?.Leader is not { } leader || state.SlotOf(leader.Name) is not { } leaderSlot)
            {
                return new SwitchoverOutcome(false, "No leader is running; try again once the cluster has a leader.", Transient: true);
            }

            if (targetMember is not null && SwitchoverRules.Check(view, targetMember, desired.Spec.HighAvailability.Synchronous) is { } reason)
            {
                return new SwitchoverOutcome(false, reason);
            }

            // Without a target, name the synchronous standby ourselves in synchronous mode: Patroni refuses a
            // candidate-less switchover while its sync key is being rewritten (just after a failover, say).
            if (targetMember is null && desired.Spec.HighAvailability.Synchronous)
            {
                targetMember = view.Members.FirstOrDefault(m => m.IsSyncStandby && m.IsRunning)?.Name;
                if (targetMember is null)
                {
                    return new SwitchoverOutcome(false, "No synchronous standby is running yet; try again shortly.", Transient: true);
                }
            }

            // Patroni's guard against a repeat: the leader named is the one the switchover was asked of, not the one now.
            var credentials = desired.Credentials;
            var response = await patroni.SwitchoverAsync(
                state.RestApi(leaderSlot, options.Value.Host), desired.Switchover?.Leader ?? leader.Name, targetMember,
                credentials.PatroniApiUsername, credentials.PatroniApiPassword, cancellationToken);
            if (response.IsSuccess)
            {
                return new SwitchoverOutcome(true, response.Body);
            }

            if (response.StatusCode == 412 && response.Body.Contains("leader name does not match", StringComparison.Ordinal))
            {
                return new SwitchoverOutcome(false, $"Patroni refused: {response.Body}") { LeaderMoved = true };
            }

            // 503 means Patroni tried and could not complete (e.g. the candidate lagged); that may pass.
            return new SwitchoverOutcome(false, $"Patroni rejected the switchover ({response.StatusCode}): {response.Body}", Transient: response.StatusCode == 503);
        }
        catch (HttpRequestException exception)
        {
            return new SwitchoverOutcome(false, $"Patroni did not answer: {exception.Message}", Transient: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SwitchoverOutcome(false, "Patroni did not answer in time.", Transient: true);
        }
    }
}
