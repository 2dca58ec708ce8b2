using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Patroni;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// Probes one instance: every member's own GET /patroni in parallel, then /cluster from a member that answered
/// (the leader first), then any member /cluster lists that was not probed yet, at its api_url if that is on a host the driver gave.
/// </summary>
public sealed class PatroniInstanceProber(
    PatroniClient client, IOptionsMonitor<HealthMonitorOptions> options, TimeProvider timeProvider, ProbeMetrics? metrics = null)
{
    public async Task<InstanceObservation> ProbeAsync(Guid instanceId, MonitoredInstance instance, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var started = timeProvider.GetTimestamp();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(options.CurrentValue.ProbeTimeout);

        var probes = (await ProbeAllAsync(instance.Endpoints, cancellationToken, bounded.Token)).ToList();
        var cluster = await ReadClusterAsync(probes, cancellationToken, bounded.Token);

        var known = probes.Select(p => p.Member).ToHashSet(StringComparer.Ordinal);

        // /cluster is what the members wrote into the DCS (on Kubernetes, objects in the tenant's own namespace): a
        // member it lists is probed only on a host the driver gave, never at an address the cluster chose.
        var knownHosts = instance.Endpoints.Select(e => e.ApiUrl.Host).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unprobed = (cluster?.Members ?? [])
            .Where(m => m.Name is not null && !known.Contains(m.Name))
            .Select(m => (m.Name!, Url: PatroniUris.TryParse(m.ApiUrl)))
            .Where(m => m.Url is not null && knownHosts.Contains(m.Url.Host))
            .Select(m => new PatroniMemberEndpoint(m.Item1, m.Url!))
            .ToList();
        if (unprobed.Count > 0)
        {
            probes.AddRange(await ProbeAllAsync(unprobed, cancellationToken, bounded.Token));
        }

        metrics?.Record(timeProvider.GetElapsedTime(started));
        return PatroniObservationBuilder.Build(instanceId, timeProvider.GetUtcNow(), probes, cluster);
    }

    private async Task<MemberProbe[]> ProbeAllAsync(IEnumerable<PatroniMemberEndpoint> endpoints, CancellationToken stopping, CancellationToken bounded) =>
        await Task.WhenAll(endpoints.Select(async e =>
            new MemberProbe(e.Member, e.ApiUrl, await CallAsync(() => client.GetMemberStatusAsync(e.ApiUrl, bounded), stopping))));

    private async Task<PatroniCluster?> ReadClusterAsync(IEnumerable<MemberProbe> probes, CancellationToken stopping, CancellationToken bounded)
    {
        var answered = probes
            .Where(p => p.Status.Answered)
            .OrderByDescending(p => MemberRoles.Map(p.Status.Body?.Role) == MemberRole.Primary);
        foreach (var probe in answered)
        {
            var cluster = await CallAsync(() => client.GetClusterAsync(probe.ApiUrl, bounded), stopping);
            if (cluster.Body?.Members is not null)
            {
                return cluster.Body;
            }
        }

        return null;
    }

    /// <summary>The instance's time budget running out is a timeout for that member; only shutting down propagates.</summary>
    private static async Task<PatroniResponse<T>> CallAsync<T>(Func<Task<PatroniResponse<T>>> call, CancellationToken stopping)
        where T : class
    {
        try
        {
            return await call();
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return new(PatroniCallOutcome.TimedOut, null, null, "the instance's probe budget ran out");
        }
    }
}
