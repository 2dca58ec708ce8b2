namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>Three failed authentications per address (then one per ten minutes), five unknown keys remembered, three keys per organisation.</summary>
public sealed class StrictAuthFixture : ApiFixture
{
    public const int FailedBurst = 3;
    public const int UnknownKeys = 5;
    public const int MaxKeys = 3;

    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["ControlPlane:Auth:FailedAttemptBurst"] = FailedBurst.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["ControlPlane:Auth:FailedAttemptRefill"] = "00:10:00";
        settings["ControlPlane:Auth:UnknownKeyCacheSize"] = UnknownKeys.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["ControlPlane:Auth:MaxKeysPerOrganization"] = MaxKeys.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
