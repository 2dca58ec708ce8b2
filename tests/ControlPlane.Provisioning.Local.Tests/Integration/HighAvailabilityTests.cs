using ControlPlane.Provisioning.Local.Processes;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static ControlPlane.Provisioning.Local.Tests.Integration.ClientConnections;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

[Collection(PatroniCollection.Name)]
public sealed class HighAvailabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bootstrap = TimeSpan.FromSeconds(120);

    [PatroniFact]
    public async Task Should_serve_writes_on_the_primary_endpoint_and_reads_on_a_replica_when_created_with_two_synchronous_replicas()
    {
        await using var harness = new LocalDriverHarness(output);
        var desired = TestInstances.Desired(TestInstances.Ha(2));

        var result = await harness.ReconcileUntilReadyAsync(desired, Bootstrap);

        Assert.True(result.Ready, result.Message);
        var endpoints = result.Endpoints!;
        Assert.NotNull(endpoints.ReadOnlyPort);
        await LocalDriverHarness.EventuallyAsync(
            async () =>
            {
                await using var primary = Primary(endpoints, desired.Credentials);
                await ExecuteAsync(primary, "CREATE TABLE IF NOT EXISTS orders (id int PRIMARY KEY)");
                await ExecuteAsync(primary, "INSERT INTO orders SELECT g FROM generate_series(1, 100) g ON CONFLICT DO NOTHING");
                return await ScalarAsync(primary, "SELECT count(*) FROM orders");
            },
            count => count == 100,
            TimeSpan.FromSeconds(45),
            "writes through the primary endpoint");

        var (inRecovery, rows) = await LocalDriverHarness.EventuallyAsync(
            async () =>
            {
                await using var replica = ReadOnly(endpoints, desired.Credentials);
                return (await ScalarAsync(replica, "SELECT pg_is_in_recovery()::int"), await ScalarAsync(replica, "SELECT count(*) FROM orders"));
            },
            read => read.Item1 == 1 && read.Item2 == 100,
            TimeSpan.FromSeconds(45),
            "the rows on a replica through the read-only endpoint");
        Assert.Equal(1, inRecovery);
        Assert.Equal(100, rows);
    }

    [PatroniFact]
    public async Task Should_fail_over_keep_committed_rows_and_bring_the_killed_member_back_as_a_replica_when_the_leader_is_killed()
    {
        await using var harness = new LocalDriverHarness(output);
        var desired = TestInstances.Desired(TestInstances.Ha(2));
        var endpoints = (await harness.ReconcileUntilReadyAsync(desired, Bootstrap)).Endpoints!;
        await LocalDriverHarness.EventuallyAsync(
            async () =>
            {
                await using var primary = Primary(endpoints, desired.Credentials);
                await ExecuteAsync(primary, "CREATE TABLE IF NOT EXISTS ledger (id int PRIMARY KEY)");
                await ExecuteAsync(primary, "INSERT INTO ledger SELECT g FROM generate_series(1, 50) g ON CONFLICT DO NOTHING");
                return await ScalarAsync(primary, "SELECT count(*) FROM ledger");
            },
            count => count == 50,
            TimeSpan.FromSeconds(45),
            "the first committed rows");

        var oldLeader = (await harness.ClusterAsync(desired)).Leader!.Name;
        var state = harness.Store.Read(desired.InstanceId)!;
        var slot = state.SlotOf(oldLeader)!.Value;
        var layout = harness.Store.Layout(desired.InstanceId);
        var processes = harness.Services.GetRequiredService<InstanceProcesses>();
        var patroniPid = processes.PatroniPid(layout, slot)!.Value;
        var postmasterPid = processes.PostmasterPid(layout, slot)!.Value;
        ProcessInspector.Signal(patroniPid, NativeMethods.SigKill);
        ProcessInspector.Signal(postmasterPid, NativeMethods.SigKill);

        var failedOver = await LocalDriverHarness.EventuallyAsync(
            () => harness.ClusterAsync(desired),
            view => view.Leader is { IsRunning: true } leader && leader.Name != oldLeader,
            TimeSpan.FromSeconds(60),
            "a new leader in /cluster");
        output.WriteLine($"new leader {failedOver.Leader!.Name} replaced {oldLeader}");

        var rows = await LocalDriverHarness.EventuallyAsync(
            async () =>
            {
                await using var primary = Primary(endpoints, desired.Credentials);
                await ExecuteAsync(primary, "INSERT INTO ledger VALUES (51)");
                return await ScalarAsync(primary, "SELECT count(*) FROM ledger");
            },
            count => count == 51,
            TimeSpan.FromSeconds(45),
            "a write through the primary endpoint after failover");
        Assert.Equal(51, rows);

        // The supervisor (like a kubelet) starts the killed member again; it rejoins as a replica.
        await harness.Supervisor.StartAsync(CancellationToken.None);
        var healed = await LocalDriverHarness.EventuallyAsync(
            () => harness.ClusterAsync(desired),
            view => view.Find(oldLeader) is { IsReplica: true, IsRunning: true, LagBytes: not null } && view.Leader?.Name == failedOver.Leader.Name,
            TimeSpan.FromSeconds(90),
            $"{oldLeader} streaming again as a replica");
        Assert.NotEqual(patroniPid, processes.PatroniPid(layout, slot));
        Assert.Equal(2, healed.RunningReplicas.Count());
    }
}
