namespace ControlPlane.Provisioning.Kubernetes.Throttling;

/// <summary>
/// Client-side limit on Kubernetes API requests, a token bucket like client-go's QPS and burst. A caller that finds
/// the bucket empty reserves the next token (the balance goes negative) and sleeps until it is due, so callers are
/// served in arrival order without a queue. Zero requests per second turns the limit off.
/// </summary>
public sealed class KubernetesRequestThrottle
{
    private readonly double _perSecond;
    private readonly int _burst;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private double _tokens;
    private long _refilledAt;

    public KubernetesRequestThrottle(double perSecond, int burst, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(perSecond);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        _perSecond = perSecond;
        _burst = burst;
        _timeProvider = timeProvider;
        _tokens = burst;
        _refilledAt = timeProvider.GetTimestamp();
    }

    public bool Enabled => _perSecond > 0;

    /// <summary>Returns once the caller may send one request.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return ValueTask.CompletedTask;
        }

        TimeSpan wait;
        lock (_gate)
        {
            var now = _timeProvider.GetTimestamp();
            var earned = _timeProvider.GetElapsedTime(_refilledAt, now).TotalSeconds * _perSecond;
            _tokens = Math.Min(_burst, _tokens + earned) - 1;
            _refilledAt = now;
            wait = _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _perSecond);
        }

        return wait == TimeSpan.Zero ? ValueTask.CompletedTask : new ValueTask(Task.Delay(wait, _timeProvider, cancellationToken));
    }
}
