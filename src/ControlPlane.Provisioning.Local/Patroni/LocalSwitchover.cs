using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.State;
using ControlPlane.Provisioning.Patroni;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Patroni;

/// <summary>Finds this machine's members of the instance and hands the switchover to the shared <see cref="PatroniSwitchover"/>.</summary>
public sealed class LocalSwitchover(
    IOptions<LocalDriverOptions> options, InstanceStateStore store, ClusterObserver observer, [FromKeyedServices(PatroniClient.DriverKey)] PatroniClient patroni)
{
    public async Task<SwitchoverOutcome> SwitchoverAsync(DesiredInstance desired, string? targetMember, CancellationToken cancellationToken)
    {
        if (store.Read(desired.InstanceId) is not { } state)
        {
            return new SwitchoverOutcome(false, $"Instance {desired.Name} does not run on this machine.");
        }

        var view = await observer.ObserveAsync(state, cancellationToken);
        if (view?.Leader is not { } leader || state.SlotOf(leader.Name) is not { } leaderSlot)
        {
            return new SwitchoverOutcome(false, "No leader is running; try again once the cluster has a leader.", Transient: true);
        }

        return await PatroniSwitchover.ExecuteAsync(
            patroni, state.RestApi(leaderSlot, options.Value.Host), view, targetMember, desired.Spec.HighAvailability.Synchronous, desired.Credentials, cancellationToken,
            requestedLeader: desired.Switchover?.Leader);
    }
}
