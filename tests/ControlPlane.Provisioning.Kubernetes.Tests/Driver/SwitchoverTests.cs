using ControlPlane.Kubernetes.Fake;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Driver;

public sealed class SwitchoverTests
{
    private static async Task<(DriverHarness Harness, FakePatroniCluster? Patroni, ControlPlane.Provisioning.Drivers.DesiredInstance Instance)> StartAsync(bool withPatroni)
    {
        var port = FakePatroniCluster.FreePort();
        var h = await DriverHarness.StartAsync(new Dictionary<string, string?> { ["PatroniPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var instance = TestInstances.Create();
        await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        var patroni = withPatroni
            ? await FakePatroniCluster.StartAsync(h.Api, h.Namespace(instance), "orders", TestInstances.PatroniUser, TestInstances.PatroniPassword, port)
            : null;
        return (h, patroni, instance);
    }

    [Fact]
    public async Task Should_ask_patroni_on_the_leader_to_switch_over_to_the_chosen_member()
    {
        var (h, patroni, instance) = await StartAsync(withPatroni: true);
        await using var _ = h;
        await using var __ = patroni;

        var outcome = await h.Driver.SwitchoverAsync(instance, "orders-2", CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Contains("orders-2", outcome.Message, StringComparison.Ordinal);
        var ns = h.Namespace(instance);
        Assert.Equal("master", h.Api.GetObject("pods", ns, "orders-2")!["metadata"]!["labels"]!["spilo-role"]!.GetValue<string>());
        Assert.Equal("replica", h.Api.GetObject("pods", ns, "orders-0")!["metadata"]!["labels"]!["spilo-role"]!.GetValue<string>());
        Assert.Equal("orders-2", (await h.Driver.ReconcileAsync(instance, CancellationToken.None)).PrimaryMember);
    }

    [Fact]
    public async Task Should_return_patronis_reason_when_it_refuses()
    {
        var (h, patroni, instance) = await StartAsync(withPatroni: true);
        await using var _ = h;
        await using var __ = patroni;
        patroni!.AnswerNextSwitchover(412, "candidate name does not match with sync_standby");

        var outcome = await h.Driver.SwitchoverAsync(instance, "orders-2", CancellationToken.None);

        Assert.True(outcome.Rejected);
        Assert.Equal("candidate name does not match with sync_standby", outcome.Message);
    }

    [Fact]
    public async Task Should_call_it_transient_when_patroni_cannot_be_reached()
    {
        var (h, _, instance) = await StartAsync(withPatroni: false);
        await using var __ = h;

        var outcome = await h.Driver.SwitchoverAsync(instance, null, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.True(outcome.Transient);
    }

    [Fact]
    public async Task Should_list_one_patroni_endpoint_per_pod_on_its_pod_ip()
    {
        var (h, _, instance) = await StartAsync(withPatroni: false);
        await using var __ = h;

        var endpoints = await h.Driver.GetPatroniEndpointsAsync(instance, CancellationToken.None);

        Assert.Equal(["orders-0", "orders-1", "orders-2"], endpoints.Select(e => e.Member));
        Assert.All(endpoints, e =>
        {
            Assert.Equal(h.Api.PodIp(h.Namespace(instance), e.Member), e.ApiUrl.Host);
            Assert.StartsWith("127.", e.ApiUrl.Host, StringComparison.Ordinal);
            Assert.Equal(h.Options.PatroniPort, e.ApiUrl.Port);
        });
        Assert.Equal(3, endpoints.Select(e => e.ApiUrl.Host).Distinct().Count());
    }
}
