namespace ControlPlane.Provisioning.Backups;

/// <summary>
/// The times an instance can be restored to: from the end of its oldest backup (the first consistent point) to the
/// newest WAL in the archive, whose age is the recovery point objective a user sees.
/// </summary>
public sealed record RecoveryWindow(DateTimeOffset Earliest, DateTimeOffset Latest)
{
    public bool Contains(DateTimeOffset pointInTime) => pointInTime >= Earliest && pointInTime <= Latest;

    public override string ToString() => $"{Earliest:O} to {Latest:O}";
}
