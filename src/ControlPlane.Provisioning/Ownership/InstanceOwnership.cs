using ControlPlane.Domain.Ownership;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Ownership;

/// <summary>
/// The leases this process holds, as far as it may trust them. A lease renewed by a round that started at monotonic
/// time t is trusted until t + LeaseDuration - SafetyMargin: the database set its expiry to (its now(), later than t) +
/// LeaseDuration, so this process stops before anyone else can take the shard, whatever happens to it in between
/// (SIGSTOP, a lost connection, a stuck statement), and no wall clock is involved.
/// </summary>
public sealed class InstanceOwnership(TimeProvider timeProvider, IOptions<OwnershipOptions> options, OwnershipMetrics metrics)
    : IInstanceOwnership, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, Held> _held = [];
    private long? _lastRenewalStart;

    public string WorkerId { get; } = options.Value.WorkerId is { Length: > 0 } id ? id : DefaultWorkerId();

    public InstanceLease? TryGet(Guid instanceId)
    {
        var shard = InstanceShards.Of(instanceId);
        lock (_gate)
        {
            if (!_held.TryGetValue(shard, out var held) || !held.IsValid(timeProvider))
            {
                return null;
            }

            return new InstanceLease(instanceId, shard, held.Epoch, () => held.IsValid(timeProvider), held.Lost.Token);
        }
    }

    public IReadOnlyCollection<int> OwnedShards()
    {
        lock (_gate)
        {
            return [.. _held.Values.Where(h => h.IsValid(timeProvider)).Select(h => h.Shard).Order()];
        }
    }

    /// <summary>How long ago the last round that renewed this worker's heartbeat started; null before the first.</summary>
    public TimeSpan? SinceLastRenewal()
    {
        lock (_gate)
        {
            return _lastRenewalStart is { } start ? timeProvider.GetElapsedTime(start) : null;
        }
    }

    /// <summary>Stops trusting shards about to be handed over, before the release is even sent.</summary>
    public void Relinquish(IEnumerable<int> shards)
    {
        lock (_gate)
        {
            foreach (var shard in shards)
            {
                if (_held.Remove(shard, out var held))
                {
                    held.Drop();
                    metrics.HandedOver();
                }
            }
        }
    }

    /// <summary>
    /// Takes in a round's result: <paramref name="held"/> is every lease the database says this worker holds after the
    /// round that started at <paramref name="renewalStart"/> (a monotonic timestamp); any other shard is lost.
    /// </summary>
    public OwnershipChange Apply(long renewalStart, IReadOnlyCollection<HeldLease> held)
    {
        var duration = options.Value.LeaseDuration - options.Value.SafetyMargin;
        var acquired = new List<int>();
        var lost = new List<int>();
        lock (_gate)
        {
            _lastRenewalStart = renewalStart;
            var now = timeProvider.GetTimestamp();
            var remaining = duration - timeProvider.GetElapsedTime(renewalStart, now);
            foreach (var lease in held)
            {
                if (_held.TryGetValue(lease.Shard, out var existing) && existing.Epoch == lease.Epoch && !existing.Lost.IsCancellationRequested)
                {
                    existing.Extend(renewalStart, duration, remaining);
                    continue;
                }

                if (existing is not null)
                {
                    existing.Drop();
                }

                var fresh = new Held(lease.Shard, lease.Epoch, timeProvider);
                fresh.Extend(renewalStart, duration, remaining);
                _held[lease.Shard] = fresh;
                acquired.Add(lease.Shard);
                metrics.Acquired();
            }

            var keep = held.Select(l => l.Shard).ToHashSet();
            foreach (var shard in _held.Keys.Where(s => !keep.Contains(s)).ToList())
            {
                _held.Remove(shard, out var gone);
                gone!.Drop();
                lost.Add(shard);
                metrics.Lost();
            }
        }

        return acquired.Count == 0 && lost.Count == 0 ? OwnershipChange.None : new OwnershipChange(acquired, lost);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var held in _held.Values)
            {
                held.Drop();
            }

            _held.Clear();
        }
    }

    private static string DefaultWorkerId() =>
        $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}".ToLowerInvariant();

    private sealed class Held(int shard, long epoch, TimeProvider timeProvider)
    {
        private long _validFrom;
        private TimeSpan _validFor;

        public int Shard { get; } = shard;

        public long Epoch { get; } = epoch;

        public CancellationTokenSource Lost { get; } = new(Timeout.InfiniteTimeSpan, timeProvider);

        public bool IsValid(TimeProvider time) => !Lost.IsCancellationRequested && time.GetElapsedTime(_validFrom) < _validFor;

        public void Extend(long from, TimeSpan validFor, TimeSpan remaining)
        {
            _validFrom = from;
            _validFor = validFor;
            if (remaining <= TimeSpan.Zero)
            {
                Lost.Cancel();
            }
            else
            {
                // Re-arms the timer: the token fires when the validity runs out without a renewal.
                Lost.CancelAfter(remaining);
            }
        }

        // Cancelled, not disposed: passes may still hold the token (a disposed source's token cannot be linked).
        public void Drop() => Lost.Cancel();
    }
}
