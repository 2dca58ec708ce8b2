namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>
/// The outbox polls only every ten minutes, so a command that arrives within a test was sent because a commit signalled
/// (in this process or through the database's notification); a send may take a minute, so a held send stays in flight
/// until the test releases it.
/// </summary>
public sealed class SignalOnlyOutboxFixture : ApiFixture
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["ControlPlane:Outbox:PollInterval"] = "00:10:00";
        settings["ControlPlane:Outbox:BatchSize"] = "50";
        settings["ControlPlane:Outbox:SendTimeout"] = "00:01:00";
        settings["ControlPlane:Outbox:ListenerReconnectDelay"] = "00:00:02";
    }
}
