namespace ControlPlane.Persistence.Entities;

/// <summary>
/// What a create or change in flight holds of its organisation's quotas, from its check until its own commit. Kept in
/// an unlogged table: a reservation matters only while its request runs, so losing them all in a crash loses nothing.
/// </summary>
public sealed class QuotaReservation
{
    public Guid Id { get; init; }

    public Guid OrganizationId { get; init; }

    public int Instances { get; init; }

    public long StorageGb { get; init; }

    /// <summary>A request that died between its check and its release stops holding quota at this time.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}
