using System.Net;
using System.Net.Sockets;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ControlPlane.Provisioning.Tests.Health;

/// <summary>/cluster is written by the members themselves: the prober follows it only to hosts the driver gave.</summary>
public sealed class ProbeAddressTests
{
    [Fact]
    public async Task Should_not_probe_a_member_that_cluster_lists_on_a_host_the_driver_did_not_give()
    {
        await using var cluster = await FakePatroniCluster.StartAsync("m1", "m2");
        var stranger = new TcpListener(IPAddress.Parse("127.0.0.7"), 0);
        stranger.Start();
        try
        {
            cluster.Strangers.Add(("m9", new Uri($"http://127.0.0.7:{((IPEndPoint)stranger.LocalEndpoint).Port}/patroni")));
            await using var services = PatroniClients.BuildServices(new Dictionary<string, string?> { [$"{HealthMonitorOptions.SectionName}:ProbeTimeout"] = "00:00:10" });
            var prober = services.GetRequiredService<PatroniInstanceProber>();
            // Only m1 is given: m2 is on the same host as m1, so following /cluster to it is still allowed.
            cluster["m2"].StatusOverride = """{"state":"starting","role":"replica","timeline":1}""";
            var given = new MonitoredInstance(1, new(2, true, false), [cluster.Endpoints[0]]);

            var observation = await prober.ProbeAsync(Guid.NewGuid(), given, CancellationToken.None);

            Assert.False(stranger.Pending(), "the prober connected to an address only /cluster named");
            Assert.Equal(["m1", "m2", "m9"], observation.Members.Select(m => m.Member));
            Assert.Equal("starting", observation.Members.Single(m => m.Member == "m2").State);
        }
        finally
        {
            stranger.Stop();
        }
    }
}
