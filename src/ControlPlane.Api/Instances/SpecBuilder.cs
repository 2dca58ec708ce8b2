using ControlPlane.Domain.Instances;

namespace ControlPlane.Api.Instances;

/// <summary>Turns requests into full specs, filling the product's defaults (HA on, 2 replicas, synchronous, preferred).</summary>
public static class SpecBuilder
{
    public static HighAvailabilitySpec HighAvailability(HighAvailabilityRequest? request, HighAvailabilitySpec? current = null)
    {
        if (request is null)
        {
            return current ?? new HighAvailabilitySpec(true, HighAvailabilitySpec.RecommendedReplicas, ReplicationMode.Synchronous, DataDurability.Preferred);
        }

        var enabled = request.Enabled ?? current?.Enabled ?? true;
        var replicas = request.Replicas ?? (enabled
            ? current is { Enabled: true } ? current.Replicas : HighAvailabilitySpec.RecommendedReplicas
            : 0);
        var mode = request.ReplicationMode is null ? current?.ReplicationMode ?? ReplicationMode.Synchronous : EnumValues.ParseMode(request.ReplicationMode);
        var durability = request.DataDurability is null
            ? mode == ReplicationMode.Asynchronous ? DataDurability.Preferred : current?.DataDurability ?? DataDurability.Preferred
            : EnumValues.ParseDurability(request.DataDurability);
        return new HighAvailabilitySpec(enabled, replicas, mode, durability);
    }
}
