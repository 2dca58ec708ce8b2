namespace ControlPlane.Api.Instances;

/// <param name="Replicas">1 or 2 when enabled (default 2, as recommended); 0 when disabled.</param>
/// <param name="ReplicationMode">synchronous (default) or asynchronous.</param>
/// <param name="DataDurability">preferred (default) or required; required needs synchronous replication.</param>
public sealed record HighAvailabilityRequest(bool? Enabled, int? Replicas, string? ReplicationMode, string? DataDurability);
