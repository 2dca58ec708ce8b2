using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Local.Processes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static ControlPlane.Provisioning.Local.Tests.Integration.ClientConnections;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

[Collection(PatroniCollection.Name)]
public sealed class TopologyChangeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Change = TimeSpan.FromSeconds(120);

    [PatroniFact]
    public async Task Should_shrink_to_one_member_grow_back_to_two_fail_over_with_the_witness_and_delete_everything()
    {
        await using var harness = new LocalDriverHarness(output);
        var id = Guid.NewGuid();
        var withReplica = TestInstances.Desired(TestInstances.Ha(1), id: id);
        var processes = harness.Services.GetRequiredService<InstanceProcesses>();
        var layout = harness.Store.Layout(id);
        await harness.ReconcileUntilReadyAsync(withReplica, Change);

        var single = await harness.ReconcileUntilReadyAsync(withReplica with { Spec = withReplica.Spec with { HighAvailability = HighAvailabilitySpec.Off } }, Change);

        Assert.Null(single.Endpoints!.ReadOnlyPort);
        // The removed member's key stays in the DCS as "stopped" until its TTL expires.
        await LocalDriverHarness.EventuallyAsync(
            () => harness.ClusterAsync(withReplica), view => view.Members.Count == 1, TimeSpan.FromSeconds(30), "the removed member leaving /cluster");
        Assert.True(processes.IsPatroniAlive(layout, 0));
        Assert.False(processes.IsPatroniAlive(layout, 1));
        Assert.True(processes.IsWitnessAlive(layout, 1) && processes.IsWitnessAlive(layout, 2));
        await using (var primary = Primary(single.Endpoints, withReplica.Credentials))
        {
            await ExecuteAsync(primary, "CREATE TABLE IF NOT EXISTS kept (id int); INSERT INTO kept VALUES (1)");
        }

        var again = await harness.ReconcileUntilReadyAsync(withReplica, Change);
        Assert.NotNull(again.Endpoints!.ReadOnlyPort);
        Assert.Single((await harness.ClusterAsync(withReplica)).RunningReplicas);

        // Two members and a witness: losing the leader still leaves a Raft majority, so Patroni fails over.
        var oldLeader = (await harness.ClusterAsync(withReplica)).Leader!.Name;
        var slot = harness.Store.Read(id)!.SlotOf(oldLeader)!.Value;
        ProcessInspector.Signal(processes.PatroniPid(layout, slot)!.Value, NativeMethods.SigKill);
        ProcessInspector.Signal(processes.PostmasterPid(layout, slot)!.Value, NativeMethods.SigKill);
        await LocalDriverHarness.EventuallyAsync(
            () => harness.ClusterAsync(withReplica),
            view => view.Leader is { IsRunning: true } leader && leader.Name != oldLeader,
            TimeSpan.FromSeconds(60),
            "a failover with one replica and the witness");
        var kept = await LocalDriverHarness.EventuallyAsync(
            async () =>
            {
                await using var primary = Primary(again.Endpoints, withReplica.Credentials);
                return await ScalarAsync(primary, "SELECT count(*) FROM kept WHERE NOT pg_is_in_recovery()");
            },
            count => count == 1,
            TimeSpan.FromSeconds(45),
            "the row on the new primary");
        Assert.Equal(1, kept);

        Assert.True(await harness.Driver.DeleteAsync(withReplica, CancellationToken.None));
        Assert.False(Directory.Exists(layout.Root));
        Assert.Empty(ProcessInspector.FindByCommandLine(layout.Root));
        Assert.Empty(await harness.Driver.ListManagedInstancesAsync(CancellationToken.None));
    }
}
