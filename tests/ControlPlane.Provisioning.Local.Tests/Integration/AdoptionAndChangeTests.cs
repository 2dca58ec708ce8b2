using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Local.Processes;
using ControlPlane.Provisioning.Local.State;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;
using static ControlPlane.Provisioning.Local.Tests.Integration.ClientConnections;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

[Collection(PatroniCollection.Name)]
public sealed class AdoptionAndChangeTests(ITestOutputHelper output)
{
    [PatroniFact]
    public async Task Should_adopt_running_processes_without_duplicates_when_a_new_driver_starts_on_the_same_directory()
    {
        await using var harness = new LocalDriverHarness(output);
        var desired = TestInstances.Desired(HighAvailabilitySpec.Off);
        await harness.ReconcileUntilReadyAsync(desired, TimeSpan.FromSeconds(120));
        var layout = harness.Store.Layout(desired.InstanceId);
        var before = Snapshot(harness.Services.GetRequiredService<InstanceProcesses>(), layout);
        var processCount = ProcessInspector.FindByCommandLine(layout.Root).Count;

        // A restarted worker: new container, new driver, new supervisor, same data directory.
        var restarted = harness.Build();
        var started = await restarted.GetRequiredService<LocalMemberSupervisor>().SuperviseOnceAsync(CancellationToken.None);
        var driver = restarted.GetRequiredService<IInstanceDriver>();
        var result = await driver.ReconcileAsync(desired, CancellationToken.None);

        Assert.Equal(0, started);
        Assert.True(result.Ready, result.Message);
        Assert.Equal(before, Snapshot(restarted.GetRequiredService<InstanceProcesses>(), layout));
        Assert.Equal(processCount, ProcessInspector.FindByCommandLine(layout.Root).Count);
        Assert.Contains(desired.InstanceId, await driver.ListManagedInstancesAsync(CancellationToken.None));
        var endpoint = Assert.Single(await driver.GetPatroniEndpointsAsync(desired, CancellationToken.None));
        Assert.Equal($"{desired.Name}-0", endpoint.Member);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(layout.PatroniConfig(0)));
    }

    [PatroniFact]
    public async Task Should_leave_a_killed_member_alone_while_another_worker_owns_the_instance()
    {
        await using var harness = new LocalDriverHarness(output);
        var desired = TestInstances.Desired(HighAvailabilitySpec.Off);
        await harness.ReconcileUntilReadyAsync(desired, TimeSpan.FromSeconds(120));
        var layout = harness.Store.Layout(desired.InstanceId);
        var processes = harness.Services.GetRequiredService<InstanceProcesses>();
        ProcessInspector.Signal(processes.PatroniPid(layout, 0)!.Value, NativeMethods.SigKill);
        await LocalDriverHarness.EventuallyAsync(
            () => Task.FromResult(processes.PatroniPid(layout, 0)), pid => pid is null, TimeSpan.FromSeconds(10), "the killed Patroni to be gone");

        // This worker (frozen past its lease, say) no longer owns the instance: its successor's supervisor restarts it.
        harness.Ownership.Disowned.Add(desired.InstanceId);
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(15); // past the restart delay (ttl + loop wait = 12 s)
        while (DateTimeOffset.UtcNow < deadline)
        {
            Assert.Equal(0, await harness.Supervisor.SuperviseOnceAsync(CancellationToken.None));
            await Task.Delay(500);
        }

        Assert.Null(processes.PatroniPid(layout, 0));

        harness.Ownership.Disowned.Remove(desired.InstanceId);
        var started = await LocalDriverHarness.EventuallyAsync(
            () => harness.Supervisor.SuperviseOnceAsync(CancellationToken.None), count => count > 0, TimeSpan.FromSeconds(30), "the owner restarting Patroni");
        Assert.Equal(1, started);
    }

    [PatroniFact]
    public async Task Should_restart_a_killed_patroni_that_adopts_the_postmaster_it_left_running()
    {
        await using var harness = new LocalDriverHarness(output);
        var desired = TestInstances.Desired(HighAvailabilitySpec.Off);
        var ready = await harness.ReconcileUntilReadyAsync(desired, TimeSpan.FromSeconds(120));
        var layout = harness.Store.Layout(desired.InstanceId);
        var processes = harness.Services.GetRequiredService<InstanceProcesses>();
        var patroniPid = processes.PatroniPid(layout, 0)!.Value;
        var postmasterPid = processes.PostmasterPid(layout, 0)!.Value;

        ProcessInspector.Signal(patroniPid, NativeMethods.SigKill);
        await LocalDriverHarness.EventuallyAsync(
            () => Task.FromResult(processes.PatroniPid(layout, 0)), pid => pid is null, TimeSpan.FromSeconds(10), "the killed Patroni to be gone");
        // A reconcile pass in the meantime leaves the crashed member to the supervisor: started at once, a crashed leader
        // would take its leader key back instead of letting Patroni fail over.
        var pass = await harness.Driver.ReconcileAsync(desired, CancellationToken.None);
        Assert.False(pass.Ready, pass.Message);
        Assert.True(processes.HasCrashed(layout, 0));
        // Passes like the supervisor's loop: the first may come while the dying process still holds its sockets.
        var started = await LocalDriverHarness.EventuallyAsync(
            () => harness.Supervisor.SuperviseOnceAsync(CancellationToken.None), count => count > 0, TimeSpan.FromSeconds(20), "the supervisor restarting Patroni");

        Assert.Equal(1, started);
        Assert.Equal(0, await harness.Supervisor.SuperviseOnceAsync(CancellationToken.None));
        var rows = await LocalDriverHarness.EventuallyAsync(
            async () =>
            {
                await using var primary = Primary(ready.Endpoints!, desired.Credentials);
                return await ScalarAsync(primary, "SELECT count(*) FROM pg_stat_activity WHERE NOT pg_is_in_recovery()");
            },
            count => count > 0,
            TimeSpan.FromSeconds(45),
            "a writable primary behind the restarted Patroni");
        Assert.True(rows > 0);
        Assert.NotEqual(patroniPid, processes.PatroniPid(layout, 0));
        Assert.Equal(postmasterPid, processes.PostmasterPid(layout, 0));
    }

    [PatroniFact]
    public async Task Should_apply_a_plan_change_and_a_rotated_password_to_the_running_cluster()
    {
        await using var harness = new LocalDriverHarness(output);
        var small = TestInstances.Desired(HighAvailabilitySpec.Off);
        var first = await harness.ReconcileUntilReadyAsync(small, TimeSpan.FromSeconds(120));
        var medium = small with
        {
            Resources = new PlanResources("medium", 2m, 8192),
            Credentials = TestInstances.Credentials(password: "rotated: pass #2"),
        };

        await harness.ReconcileUntilReadyAsync(medium, TimeSpan.FromSeconds(120));

        await using (var connection = Primary(first.Endpoints!, medium.Credentials))
        {
            await connection.OpenAsync();
            await using var show = new NpgsqlCommand("SHOW shared_buffers", connection);
            Assert.Equal("128MB", await show.ExecuteScalarAsync());
        }

        await using var stale = Primary(first.Endpoints!, small.Credentials);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => stale.OpenAsync());
        Assert.Equal(PostgresErrorCodes.InvalidPassword, refused.SqlState);
    }

    private static (int?, int?, bool, bool, int?) Snapshot(InstanceProcesses processes, InstanceLayout layout) =>
        (processes.PatroniPid(layout, 0), processes.PostmasterPid(layout, 0), processes.IsWitnessAlive(layout, 1), processes.IsWitnessAlive(layout, 2),
         ProcessInspector.ReadPidFile(layout.HaproxyPidFile));
}
