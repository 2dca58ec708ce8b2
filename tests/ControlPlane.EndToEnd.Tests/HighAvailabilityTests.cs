using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// Through the REST API, with the worker on the local driver: real Patroni, PostgreSQL and HAProxy processes.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HighAvailabilityTests(ProductFixture product)
{
    private static readonly TimeSpan ProvisionTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_record_one_failover_when_the_leader_is_killed_and_a_switchover_as_a_switchover()
    {
        Assert.True(TestEnvironment.PatroniInstalled, "patroni and haproxy must be installed (scripts/install-deps.sh)");

        // 1. Create an HA instance with 2 synchronous replicas and wait for it, endpoints and all.
        var id = await CreateAsync("orders", new { enabled = true, replicas = 2, replicationMode = "synchronous" });
        var instance = await product.WaitForInstanceAsync(id,
            i => i["status"]!.GetValue<string>() == "available" && i["endpoints"] is JsonObject && i["health"]!.GetValue<string>() == "healthy",
            "the instance is available and healthy", ProvisionTimeout);
        Assert.NotNull(instance["endpoints"]!["readOnly"]);

        var connection = await product.GetJsonAsync($"/v1/instances/{id}/connection");
        var primary = Database.ConnectionString(connection, readOnly: false);
        var readOnly = Database.ConnectionString(connection, readOnly: true);
        Assert.True(await Database.TryExecuteAsync(primary, "create table orders (id int primary key, note text)"));
        for (var batch = 0; batch < 10; batch++)
        {
            Assert.True(await Database.TryExecuteAsync(primary,
                $"insert into orders select g, 'row ' || g from generate_series({(batch * 10) + 1}, {(batch + 1) * 10}) g"));
        }

        await product.WaitUntilAsync("the rows are readable on a replica", async () =>
        {
            try
            {
                return await Database.ScalarAsync<bool>(readOnly, "select pg_is_in_recovery()")
                    && await Database.ScalarAsync<long>(readOnly, "select count(*) from orders") == 100;
            }
            catch (Npgsql.NpgsqlException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(30));

        // The synchronous standby must be known before the kill, so "no committed write lost" can be asserted.
        var before = await WaitForHealthAsync(id, h => Members(h).Count == 3 && Members(h).Any(m => m["synchronous"]!.GetValue<bool>()),
            "three members with a synchronous standby");
        var oldLeader = before["currentPrimary"]!.GetValue<string>();
        var etag = (await product.Api.GetAsync($"/v1/instances/{id}")).Headers.ETag!.Tag;

        // 2. kill -9 the leader's Patroni and postmaster.
        LocalClusters.KillMember(product.DataDirectory, id, Slot(oldLeader));

        await product.WaitForInstanceAsync(id, i =>
        {
            Assert.Equal("available", i["status"]!.GetValue<string>()); // a failover never moves the lifecycle status
            return i["health"]!.GetValue<string>() == "unavailable" && Condition(i, "Writable")["status"]!.GetValue<string>() == "False";
        }, "health goes unavailable with Writable false", FailoverTimeout);

        var after = await product.WaitForInstanceAsync(id, i =>
        {
            Assert.Equal("available", i["status"]!.GetValue<string>());
            return i["health"]!.GetValue<string>() == "healthy" && i["currentPrimary"]?.GetValue<string>() is { } p && p != oldLeader;
        }, "a new leader is healthy", FailoverTimeout);
        var newLeader = after["currentPrimary"]!.GetValue<string>();
        Assert.Equal(etag, (await product.Api.GetAsync($"/v1/instances/{id}")).Headers.ETag!.Tag);

        await product.WaitUntilAsync("exactly one failover event is recorded", async () => (await EventsAsync(id, "failover")).Count == 1, FailoverTimeout);
        var failover = (await EventsAsync(id, "failover")).Single()["leaderChange"]!;
        Assert.Equal(oldLeader, failover["oldPrimary"]!.GetValue<string>());
        Assert.Equal(newLeader, failover["newPrimary"]!.GetValue<string>());
        Assert.True(failover["timeline"]!.GetValue<int>() >= 2);
        Assert.NotNull(failover["detectedAt"]);
        Assert.True(failover["downtimeSeconds"]!.GetValue<double>() > 0);
        Assert.True(failover["promotedWasSynchronous"]!.GetValue<bool>());

        // The old leader is restarted by the supervisor and rejoins as a replica.
        await WaitForHealthAsync(id, h => Members(h).Any(m => m["name"]!.GetValue<string>() == oldLeader
            && m["role"]!.GetValue<string>() == "replica" && m["state"]!.GetValue<string>() is "running" or "streaming"),
            "the old leader rejoins as a replica");

        // Every row committed before the kill is there, and writes work again through the primary endpoint.
        await product.WaitUntilAsync("writes succeed through the primary endpoint", () => Database.TryExecuteAsync(primary, "insert into orders values (101, 'after')"), FailoverTimeout);
        Assert.Equal(101L, await Database.ScalarAsync<long>(primary, "select count(*) from orders"));

        // 3. A switchover through the API lands as a switchover event, not a failover.
        await product.WaitUntilAsync("the instance is healthy again with a synchronous standby", async () =>
        {
            var h = await product.GetJsonAsync($"/v1/instances/{id}/health");
            return h["health"]!.GetValue<string>() == "healthy" && Members(h).Count(m => m["synchronous"]!.GetValue<bool>()) == 1;
        }, FailoverTimeout);
        var switchover = await product.Api.PostAsJsonAsync($"/v1/instances/{id}/switchover", new { });
        Assert.Equal(HttpStatusCode.Accepted, switchover.StatusCode);
        var operation = switchover.Headers.Location!.ToString();
        await product.WaitUntilAsync("the switchover operation succeeds", async () =>
            (await product.GetJsonAsync(operation))["status"]!.GetValue<string>() == "succeeded", FailoverTimeout);
        Assert.Single(await EventsAsync(id, "switchover"));
        Assert.Single(await EventsAsync(id, "failover"));

        await DeleteAndWaitAsync(id);
    }

    [Fact]
    public async Task Should_scale_to_one_member_and_back_and_remove_every_process_and_directory_on_delete()
    {
        Assert.True(TestEnvironment.PatroniInstalled, "patroni and haproxy must be installed (scripts/install-deps.sh)");
        var id = await CreateAsync("scaling", new { enabled = true, replicas = 1, replicationMode = "synchronous" });
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "available", "the instance is available", ProvisionTimeout);
        await WaitForHealthAsync(id, h => Members(h).Count == 2, "two members");

        await PatchAsync(id, new { highAvailability = new { enabled = false } });
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "available"
            && i["observedGeneration"]!.GetValue<long>() == i["generation"]!.GetValue<long>(), "HA off is applied", ProvisionTimeout);
        await WaitForHealthAsync(id, h => Members(h).Count == 1, "a single member");

        await PatchAsync(id, new { highAvailability = new { enabled = true, replicas = 1 } });
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "available"
            && i["observedGeneration"]!.GetValue<long>() == i["generation"]!.GetValue<long>(), "HA on is applied", ProvisionTimeout);
        await WaitForHealthAsync(id, h => Members(h).Count == 2 && Members(h).Count(m => m["role"]!.GetValue<string>() == "replica") == 1, "a primary and a replica again");

        await DeleteAndWaitAsync(id);
        var root = Path.Combine(product.DataDirectory, id);
        Assert.False(Directory.Exists(root), $"{root} should be gone");
        Assert.Empty(LocalClusters.ProcessesUnder(root));
    }

    private async Task<string> CreateAsync(string name, object highAvailability)
    {
        var response = await product.Api.PostAsJsonAsync("/v1/instances",
            new { name, region = product.Region, plan = "small", postgresVersion = 15, storageGb = 10, highAvailability });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private async Task PatchAsync(string id, object body)
    {
        var etag = (await product.Api.GetAsync($"/v1/instances/{id}")).Headers.ETag!;
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/v1/instances/{id}") { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(etag);
        var response = await product.Api.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private async Task DeleteAndWaitAsync(string id)
    {
        var response = await product.Api.DeleteAsync($"/v1/instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "deleted", "the instance is deleted", ProvisionTimeout);
    }

    private async Task<JsonObject> WaitForHealthAsync(string id, Func<JsonObject, bool> condition, string what)
    {
        JsonObject? last = null;
        await product.WaitUntilAsync(what, async () =>
        {
            last = await product.GetJsonAsync($"/v1/instances/{id}/health");
            return condition(last);
        }, FailoverTimeout);
        return last!;
    }

    private async Task<List<JsonNode>> EventsAsync(string id, string type)
    {
        var page = await product.GetJsonAsync($"/v1/instances/{id}/events?type={type}&pageSize=100");
        return [.. page["items"]!.AsArray().Select(e => e!)];
    }

    private static List<JsonNode> Members(JsonObject health) => [.. health["members"]!.AsArray().Select(m => m!)];

    private static JsonNode Condition(JsonObject instance, string type) =>
        instance["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == type)!;

    private static int Slot(string member) => int.Parse(member[(member.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
