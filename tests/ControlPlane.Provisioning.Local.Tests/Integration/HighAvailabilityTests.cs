using Xunit.Abstractions;
using static ControlPlane.Provisioning.Local.Tests.Integration.ClientConnections;

namespace ControlPlane.Provisioning.Local.Tests.Integration;

[Collection(PatroniCollection.Name)]
public sealed class HighAvailabilityTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Bootstrap = TimeSpan.FromSeconds(60);

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
            TimeSpan.FromSeconds(20),
            "writes through the primary endpoint");

        var (inRecovery, rows) = await LocalDriverHarness.EventuallyAsync(
            async () =>
            {
                await using var replica = ReadOnly(endpoints, desired.Credentials);
                return (await ScalarAsync(replica, "SELECT pg_is_in_recovery()::int"), await ScalarAsync(replica, "SELECT count(*) FROM orders"));
            },
            read => read.Item1 == 1 && read.Item2 == 100,
            TimeSpan.FromSeconds(20),
            "the rows on a replica through the read-only endpoint");
        Assert.Equal(1, inRecovery);
        Assert.Equal(100, rows);
    }
}
