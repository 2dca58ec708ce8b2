using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Api.Options;

/// <summary>Per-key token bucket. Benchmarks raise these.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "ControlPlane:RateLimit";

    [Range(1, int.MaxValue)]
    public int TokensPerPeriod { get; set; } = 50;

    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(1);

    [Range(1, int.MaxValue)]
    public int BurstLimit { get; set; } = 100;
}
