using Polly;
using Polly.Retry;

namespace ControlPlane.Provisioning.Kubernetes.Apply;

/// <summary>Exponential backoff with jitter around every API call, for transient failures only; then the error is thrown.</summary>
public static class KubernetesRetry
{
    /// <param name="retryConflicts">
    /// False for creates: there a 409 means AlreadyExists, which no retry changes (the caller reads and patches instead).
    /// </param>
    public static ResiliencePipeline Create(KubernetesDriverOptions options, TimeProvider timeProvider, bool retryConflicts = true)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.ApiRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => ApiErrors.IsTransient(e) && (retryConflicts || !ApiErrors.IsConflict(e))),
                MaxRetryAttempts = options.ApiRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.ApiRetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(10),
            });
        }

        return builder.Build();
    }
}
