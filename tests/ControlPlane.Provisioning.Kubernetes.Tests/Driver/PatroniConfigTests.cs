using System.Globalization;
using ControlPlane.Domain.Instances;
using ControlPlane.Kubernetes.Fake;
using ControlPlane.Provisioning.Kubernetes.Tests.Support;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Driver;

public sealed class PatroniConfigTests
{
    [Fact]
    public async Task Should_requeue_until_patroni_answers_and_then_align_its_synchronous_mode_once()
    {
        var port = FakePatroniCluster.FreePort();
        await using var h = await DriverHarness.StartAsync(new Dictionary<string, string?>
        {
            ["ManagePatroniConfig"] = "true",
            ["PatroniPort"] = port.ToString(CultureInfo.InvariantCulture),
        });
        var instance = TestInstances.Create(mode: ReplicationMode.Synchronous, durability: DataDurability.Required);

        var unreachable = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.False(unreachable.Ready);
        Assert.Equal("patroni-config", unreachable.Step);

        await using var patroni = await FakePatroniCluster.StartAsync(h.Api, h.Namespace(instance), "orders", TestInstances.PatroniUser, TestInstances.PatroniPassword, port);
        var ready = await h.Driver.ReconcileAsync(instance, CancellationToken.None);
        var again = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(ready.Ready, ready.Message);
        Assert.True(again.Ready, again.Message);
        Assert.True(patroni.Config["synchronous_mode"]!.GetValue<bool>());
        Assert.True(patroni.Config["synchronous_mode_strict"]!.GetValue<bool>());
        Assert.Equal(1, patroni.ConfigPatches);

        var relaxed = await h.Driver.ReconcileAsync(
            instance.With(new HighAvailabilitySpec(true, 2, ReplicationMode.Asynchronous, DataDurability.Preferred)), CancellationToken.None);

        Assert.True(relaxed.Ready, relaxed.Message);
        Assert.False(patroni.Config["synchronous_mode"]!.GetValue<bool>());
        Assert.False(patroni.Config["synchronous_mode_strict"]!.GetValue<bool>());
        Assert.Equal(30, patroni.Config["ttl"]!.GetValue<int>());
    }
}
