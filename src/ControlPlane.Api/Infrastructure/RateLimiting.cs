using System.Globalization;
using System.Threading.RateLimiting;
using ControlPlane.Api.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Infrastructure;

/// <summary>A token bucket per API key (per client address before authentication); 429 problem details with Retry-After.</summary>
public static class RateLimiting
{
    public const string PolicyName = "per-key";

    public static IServiceCollection AddPerKeyRateLimiting(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PolicyName, http =>
            {
                var settings = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var partition = PartitionKey(http);
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.BurstLimit,
                    TokensPerPeriod = settings.TokensPerPeriod,
                    ReplenishmentPeriod = settings.ReplenishmentPeriod,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = 429, Title = "Too many requests", Detail = "This API key has exceeded its request rate; retry after the time in Retry-After." },
                });
            };
        });
        return services;
    }

    /// <summary>
    /// The authenticated key (authentication runs first), else the client address. Keying on the key's id rather than
    /// on the raw header costs no hashing per request and means invalid keys cannot mint a fresh bucket each.
    /// </summary>
    public static string PartitionKey(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            var caller = Auth.Caller.From(http.User);
            return caller.KeyId is { } keyId ? "key:" + keyId.ToString("N") : "key:bootstrap";
        }

        return "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
