namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// This worker's ownership of one instance, as a pass or a supervisor sees it: the epoch that fences its events, whether
/// it is still valid (by the monotonic clock, never the wall clock), and a token cancelled when it runs out or is lost,
/// which drivers honour before each step.
/// </summary>
public sealed class InstanceLease(Guid instanceId, int shard, long epoch, Func<bool> isValid, CancellationToken lost)
{
    public Guid InstanceId { get; } = instanceId;

    public int Shard { get; } = shard;

    public long Epoch { get; } = epoch;

    public CancellationToken Lost { get; } = lost;

    public bool IsValid => !Lost.IsCancellationRequested && isValid();

    /// <summary>The fence: call before every side-effecting step.</summary>
    public void ThrowIfLost()
    {
        if (!IsValid)
        {
            throw new LeaseLostException(InstanceId);
        }
    }
}
