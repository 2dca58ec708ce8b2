using System.Threading.RateLimiting;
using ControlPlane.Api.Options;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Auth;

/// <summary>
/// A token bucket of failed authentications per client address: a client guessing keys is answered 429 before its
/// guesses cost a database lookup each. Idle buckets are dropped by the limiter, so addresses do not accumulate.
/// </summary>
public sealed class FailedAuthenticationLimiter(IOptions<AuthOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.FailedAttemptBurst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = options.Value.FailedAttemptRefill,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public TimeSpan RetryAfter => options.Value.FailedAttemptRefill;

    /// <summary>True when this address has used up its failed attempts.</summary>
    public bool IsBlocked(string address) => _limiter.GetStatistics(address) is { CurrentAvailablePermits: <= 0 };

    public void RecordFailure(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
    }

    public void Dispose() => _limiter.Dispose();
}
