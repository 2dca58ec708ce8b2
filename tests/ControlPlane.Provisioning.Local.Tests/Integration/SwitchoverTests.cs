using Xunit.Abstractions;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

[Collection(PatroniCollection.Name)]
public sealed class SwitchoverTests(ITestOutputHelper output)
{
    [PatroniFact]
    public async Task Should_switch_over_to_the_sync_standby_and_reject_an_async_replica_with_a_reason()
    {
        await using var harness = new LocalDriverHarness(output);
        var desired = TestInstances.Desired(TestInstances.Ha(2));
        await harness.ReconcileUntilReadyAsync(desired, TimeSpan.FromSeconds(120));
        var view = await harness.ClusterAsync(desired);
        var leader = view.Leader!.Name;
        var sync = view.Members.Single(m => m.IsSyncStandby).Name;
        var async = view.Members.Single(m => m.Name != leader && m.Name != sync).Name;

        var rejected = await harness.Driver.SwitchoverAsync(desired, async, CancellationToken.None);
        var unknown = await harness.Driver.SwitchoverAsync(desired, "not-a-member", CancellationToken.None);
        var accepted = await harness.Driver.SwitchoverAsync(desired, sync, CancellationToken.None);

        Assert.True(rejected.Rejected);
        Assert.Contains("asynchronous", rejected.Message, StringComparison.Ordinal);
        Assert.Contains(sync, rejected.Message, StringComparison.Ordinal);
        Assert.True(unknown.Rejected);
        Assert.Contains("not a member", unknown.Message, StringComparison.Ordinal);
        Assert.True(accepted.Succeeded, accepted.Message);
        await LocalDriverHarness.EventuallyAsync(
            () => harness.ClusterAsync(desired),
            cluster => cluster.Leader is { IsRunning: true } newLeader && newLeader.Name == sync,
            TimeSpan.FromSeconds(45),
            $"{sync} leading after the switchover");
    }
}
