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
