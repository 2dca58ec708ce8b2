using System.Collections.Concurrent;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// Per-instance exponential backoff with jitter for passes that threw. Our own rather than a Polly pipeline because
/// the retry is a requeue, not an in-place loop: the count must survive between passes and reset on success.
/// Equal jitter keeps each delay between half and all of the capped exponential step, so it always grows and
/// workers that failed together do not retry together.
/// </summary>
public sealed class ReconcileBackoff(ReconcilerOptions options, Random random)
{
    private readonly ConcurrentDictionary<Guid, int> _failures = new();

    public int Failures(Guid instanceId) => _failures.GetValueOrDefault(instanceId);

    public TimeSpan NextDelay(Guid instanceId)
    {
        var failures = _failures.AddOrUpdate(instanceId, 1, (_, previous) => previous + 1);
        var exponent = Math.Min(failures - 1, 30);
        var step = Math.Min(options.InitialBackoff.TotalMilliseconds * Math.Pow(2, exponent), options.MaxBackoff.TotalMilliseconds);
        double jitter;
        lock (random)
        {
            jitter = random.NextDouble();
        }

        return TimeSpan.FromMilliseconds((step / 2) + (jitter * step / 2));
    }

    public void Reset(Guid instanceId) => _failures.TryRemove(instanceId, out _);
}
