using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// Shard leases in the metadata database. A worker that dies or is cut off loses its shards once its leases run out
/// (LeaseDuration after its last renewal, on the database's clock), and a live worker takes them in its next round, so
/// the takeover bound is <see cref="TakeoverBound"/> = LeaseDuration + RenewInterval (12 s by default), plus the new
/// owner's first reconcile pass and one health interval before the instance is monitored again.
/// </summary>
public sealed class OwnershipOptions : IValidatableObject
{
    public const string SectionName = "ControlPlane:Worker:Ownership";

    /// <summary>How long a lease (and a heartbeat) stays valid after a renewal, measured by the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a worker renews its heartbeat and leases, and takes or hands over shards.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The holder stops acting this long before the database would let the lease go: its own validity runs from the start
    /// of its last successful renewal (monotonic clock), so a frozen or cut-off worker stops by itself in time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the owner compares its instances' generations with what it last saw (wake-ups may be lost).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan GenerationCheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>This worker's name in the lease rows; unique per process by default (host, process id, random suffix).</summary>
    [MaxLength(120)]
    public string? WorkerId { get; set; }

    public TimeSpan TakeoverBound => LeaseDuration + RenewInterval;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RenewInterval >= LeaseDuration - SafetyMargin)
        {
            yield return new ValidationResult(
                "RenewInterval must be shorter than LeaseDuration - SafetyMargin, or a holder would see its leases lapse between renewals.",
                [nameof(RenewInterval), nameof(LeaseDuration), nameof(SafetyMargin)]);
        }
    }
}
