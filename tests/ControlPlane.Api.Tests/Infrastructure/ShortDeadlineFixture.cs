namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>Creates must finish within a second, and the sweeper looks often.</summary>
public sealed class ShortDeadlineFixture : ApiFixture
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["ControlPlane:Operations:Deadlines:create"] = "00:00:01";
        settings["ControlPlane:Operations:SweepInterval"] = "00:00:00.200";
    }
}
