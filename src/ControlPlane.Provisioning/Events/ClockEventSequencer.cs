using System.Collections.Concurrent;

namespace ControlPlane.Provisioning.Events;

/// <summary>
/// Sequence = microseconds since the epoch, bumped past the last one handed out for the instance. Clock-based so
/// a restarted worker, or the next worker to hold an instance's lease, keeps counting upwards without shared state.
/// </summary>
public sealed class ClockEventSequencer(TimeProvider timeProvider) : IEventSequencer
{
    private readonly ConcurrentDictionary<Guid, long> _last = new();

    public long Next(Guid instanceId)
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        return _last.AddOrUpdate(instanceId, now, (_, previous) => Math.Max(previous + 1, now));
    }
}
