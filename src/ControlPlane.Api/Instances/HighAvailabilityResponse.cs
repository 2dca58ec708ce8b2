namespace ControlPlane.Api.Instances;

public sealed record HighAvailabilityResponse(bool Enabled, int Replicas, string ReplicationMode, string DataDurability);
