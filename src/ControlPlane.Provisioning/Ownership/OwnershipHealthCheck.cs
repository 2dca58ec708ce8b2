using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// Readiness ("ready" tag): unhealthy when this worker has not renewed its heartbeat within a lease duration, i.e. it
/// owns nothing it may act on and the others are taking (or have taken) its instances.
/// </summary>
public sealed class OwnershipHealthCheck(InstanceOwnership ownership, IOptions<OwnershipOptions> options) : IHealthCheck
{
    public const string Name = "ownership";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["workerId"] = ownership.WorkerId, ["ownedShards"] = ownership.OwnedShards().Count };
        var result = ownership.SinceLastRenewal() switch
        {
            null => HealthCheckResult.Unhealthy("No heartbeat renewed yet.", data: data),
            { } since when since > options.Value.LeaseDuration - options.Value.SafetyMargin =>
                HealthCheckResult.Unhealthy($"Last heartbeat renewal started {since.TotalSeconds:0.0} s ago.", data: data),
            _ => HealthCheckResult.Healthy(data: data),
        };
        return Task.FromResult(result);
    }
}
