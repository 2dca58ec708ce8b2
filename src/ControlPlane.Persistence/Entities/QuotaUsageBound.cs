namespace ControlPlane.Persistence.Entities;

/// <summary>
/// An upper bound on what an organisation holds plus what its requests in flight reserved, so that a create far from
/// the limit is decided without counting the organisation's instances (a count that grew with every create, under the
/// organisation's lock: the two-API bench's ceiling). Raised by every reservation and never lowered except by an exact
/// count; recounted when a demand would cross the limit or the bound is older than its lifetime. Unlogged: lost in a
/// crash, it is counted again.
/// </summary>
public sealed class QuotaUsageBound
{
    public Guid OrganizationId { get; init; }

    public long Instances { get; init; }

    public long StorageGb { get; init; }

    /// <summary>When the bound was last set from an exact count.</summary>
    public DateTimeOffset CountedAt { get; init; }
}
