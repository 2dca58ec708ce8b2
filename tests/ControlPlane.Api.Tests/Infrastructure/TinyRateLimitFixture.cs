namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>Three requests per key, then one token every ten minutes.</summary>
public sealed class TinyRateLimitFixture : ApiFixture
{
    public const int Burst = 3;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["ControlPlane:RateLimit:TokensPerPeriod"] = "1";
        settings["ControlPlane:RateLimit:BurstLimit"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["ControlPlane:RateLimit:ReplenishmentPeriod"] = "00:10:00";
    }
}
