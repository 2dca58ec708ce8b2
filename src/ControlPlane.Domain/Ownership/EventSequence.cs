namespace ControlPlane.Domain.Ownership;

/// <summary>
/// An event's sequence number is the owning lease's epoch in the high 32 bits and a counter the owner keeps for the
/// instance in the low 32 bits, restarting at 1 with each epoch. Order then follows ownership, never a worker's clock:
/// every event of a later owner sorts after every event of an earlier one, and the API can tell the epoch of any event.
/// </summary>
public static class EventSequence
{
    /// <summary>
    /// The first epoch a lease row gets. Sequences used to be microseconds since 1970 (about 1.8e15 in 2026); starting
    /// epochs at 2^20 puts the first new sequence (2^52, about 4.5e15) above every one recorded before, so instances that
    /// exist at the upgrade keep accepting events. It leaves 2^31 - 2^20 epochs, one per change of owner.
    /// </summary>
    public const long FirstEpoch = 1L << 20;

    public static long Compose(long epoch, long counter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfLessThan(counter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(counter, uint.MaxValue);
        return (epoch << 32) | counter;
    }

    /// <summary>The epoch of the lease the event was sent under (0 for sequences older than leases: small values and clock microseconds).</summary>
    public static long EpochOf(long sequence) => sequence < (FirstEpoch << 32) ? 0 : sequence >> 32;
}
