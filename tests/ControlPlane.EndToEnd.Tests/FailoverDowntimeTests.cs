using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Xunit.Abstractions;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// The failover record tells the customer what they lived through: writers measure the time without a successful
/// commit around a kill of the leader, and the recorded downtime matches it.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FailoverDowntimeTests(ProductFixture product, ITestOutputHelper output)
{
    private const int Writers = 8;
    private static readonly TimeSpan ProvisionTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_record_a_downtime_within_a_second_of_the_gap_clients_measured_when_durability_is_required()
    {
        Assert.True(TestEnvironment.PatroniInstalled, "patroni and haproxy must be installed (scripts/install-deps.sh)");
        var response = await product.Api.PostAsJsonAsync("/v1/instances", new
        {
            name = "ledger", region = product.Region, plan = "small", postgresVersion = 15, storageGb = 10,
            highAvailability = new { enabled = true, replicas = 2, replicationMode = "synchronous", dataDurability = "required" },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "available" && i["health"]!.GetValue<string>() == "healthy",
            "the instance is available and healthy", ProvisionTimeout);
        var primary = Database.ConnectionString(await product.GetJsonAsync($"/v1/instances/{id}/connection"), readOnly: false);
        Assert.True(await Database.TryExecuteAsync(primary, "create table ticks (writer int, at timestamptz default now())"));
        var oldLeader = (await product.GetJsonAsync($"/v1/instances/{id}/health"))["currentPrimary"]!.GetValue<string>();

        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(primary, w, clock, stop.Token))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var killedAt = clock.Elapsed;
        LocalClusters.KillMember(product.DataDirectory, id, int.Parse(oldLeader[(oldLeader.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture));

        await product.WaitUntilAsync("one failover is recorded", async () => (await FailoversAsync(id)).Count == 1, FailoverTimeout);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        var commits = (await Task.WhenAll(writers)).SelectMany(c => c).Order().ToList();

        // The outage is the longest stretch without any writer's commit from the kill on (commits in flight at the kill
        // still return just after it).
        var measured = commits.Zip(commits.Skip(1), (before, after) => (before, after))
            .Where(pair => pair.after > killedAt)
            .Max(pair => (pair.after - pair.before).TotalSeconds);
        var recorded = (await FailoversAsync(id)).Single()["leaderChange"]!["downtimeSeconds"]!.GetValue<double>();
        output.WriteLine($"recorded downtime {recorded:0.00} s, clients measured {measured:0.00} s without a successful commit");
        Assert.True(Math.Abs(recorded - measured) <= 1.0,
            $"recorded downtime {recorded:0.00} s, clients measured {measured:0.00} s without a successful commit");

        var delete = await product.Api.DeleteAsync($"/v1/instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "deleted", "the instance is deleted", ProvisionTimeout);
    }

    /// <summary>One client committing as fast as it can through the primary endpoint; returns when each commit returned.</summary>
    private static async Task<List<TimeSpan>> WriteAsync(string connectionString, int writer, Stopwatch clock, CancellationToken stop)
    {
        var commits = new List<TimeSpan>();
        var settings = new NpgsqlConnectionStringBuilder(connectionString) { Timeout = 2, CommandTimeout = 60 }.ConnectionString;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(settings);
                await connection.OpenAsync(stop);
                while (!stop.IsCancellationRequested)
                {
                    await using var insert = new NpgsqlCommand($"insert into ticks (writer) values ({writer})", connection);
                    await insert.ExecuteNonQueryAsync(stop);
                    commits.Add(clock.Elapsed);
                    await Task.Delay(20, stop);
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException)
            {
                await Task.Delay(50, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return commits;
    }

    private async Task<List<JsonNode>> FailoversAsync(string id) =>
        [.. (await product.GetJsonAsync($"/v1/instances/{id}/events?type=failover"))["items"]!.AsArray().Select(e => e!)];
}
