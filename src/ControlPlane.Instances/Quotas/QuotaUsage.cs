namespace ControlPlane.Instances.Quotas;

/// <summary>Instances and gigabytes of volume: an organisation's usage, or its limits.</summary>
public sealed record QuotaUsage(long Instances, long StorageGb);
