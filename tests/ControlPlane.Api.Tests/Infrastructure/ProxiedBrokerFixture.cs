using System.Net;

namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>An API that reaches the broker through a proxy the test can take down; the test's own bus connects directly.</summary>
public sealed class ProxiedBrokerFixture : ApiFixture
{
    public TcpProxy Proxy { get; } = new(new IPEndPoint(IPAddress.Parse(TestServices.RabbitMqUri.Host), TestServices.RabbitMqUri.Port));

    protected override Uri BrokerForApi => new UriBuilder(TestServices.RabbitMqUri) { Port = Proxy.Port }.Uri;

    protected override void Configure(IDictionary<string, string?> settings) => settings["ControlPlane:Outbox:SendTimeout"] = "00:00:01";

    public override async Task DisposeAsync()
    {
        Proxy.BringUp();
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}
