using ControlPlane.Provisioning.Local.State;
using ControlPlane.Provisioning.Patroni;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Local.Patroni;

/// <summary>Reads <c>/cluster</c> from the first member that answers; with Raft every member serves the same DCS view.</summary>
public sealed class ClusterObserver(IOptions<LocalDriverOptions> options, [FromKeyedServices(PatroniClient.DriverKey)] PatroniClient patroni)
{
    /// <summary>The cluster as Patroni sees it, or null when no member's REST API answers.</summary>
    public async Task<ClusterView?> ObserveAsync(InstanceState state, CancellationToken cancellationToken)
    {
        for (var slot = 0; slot < state.Members; slot++)
        {
            var response = await patroni.GetClusterAsync(state.RestApi(slot, options.Value.Host), cancellationToken);
            if (response.Body is { } cluster)
            {
                return ClusterView.From(cluster);
            }
        }

        return null;
    }
}
