namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>The bootstrap support key is configured but turned off, as once named support keys exist.</summary>
public sealed class NoBootstrapFixture : ApiFixture
{
    protected override void Configure(IDictionary<string, string?> settings) =>
        settings["ControlPlane:Auth:BootstrapSupportKeyEnabled"] = "false";
}
