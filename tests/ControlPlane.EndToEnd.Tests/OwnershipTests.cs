using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// Two APIs and two workers, real Patroni: one owner per instance, whatever happens to the other worker. Each test
/// leaves both workers running (a killed one is restarted) for the next.
/// </summary>
[Collection(ProductionShapeCollection.Name)]
public sealed class OwnershipTests(ProductionShapeFixture product)
{
    private static readonly TimeSpan ProvisionTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_keep_reconciling_and_monitoring_a_killed_workers_instance_from_the_other_and_record_a_leader_kill_once()
    {
        Assert.True(TestEnvironment.PatroniInstalled, "patroni and haproxy must be installed (scripts/install-deps.sh)");
        var id = await CreateAvailableAsync("takeover");
        var owner = await OwnerAsync(id);
        var other = 1 - owner;
        var patroniPids = PatroniPids(id);
        var otherMark = product.Workers[other].OutputMark;

        // kill -9 the owner: its instances' processes are in sessions of their own and live on.
        Assert.True(NativeSignals.KillHard(product.Workers[owner].Pid));
        var killedAt = Stopwatch.StartNew();
        await product.WaitUntilAsync("the other worker owns the instance", async () => await product.OwnerOfAsync(id) == other, TimeSpan.FromSeconds(30));
        var takeover = killedAt.Elapsed;
        Assert.True(takeover <= ProductionShapeFixture.TakeoverBound + TimeSpan.FromSeconds(2), $"takeover took {takeover}");
        Assert.Equal(patroniPids, PatroniPids(id));

        // Reconciled by the new owner (its first pass reports the instance ready), and monitored: a leader kill right
        // after is detected by it and recorded once.
        await product.WaitUntilAsync("the new owner reconciles the instance", () =>
            Task.FromResult(product.Workers[other].OutputSince(otherMark).Contains($"Instance {id} is ready", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        var health = await WaitForHealthAsync(id, h => h["health"]!.GetValue<string>() == "healthy", "healthy under the new owner");
        var oldLeader = health["currentPrimary"]!.GetValue<string>();
        LocalClusters.KillMember(product.DataDirectory, id, Slot(oldLeader));

        await product.WaitForInstanceAsync(id, i => i["health"]!.GetValue<string>() == "healthy"
            && i["currentPrimary"]?.GetValue<string>() is { } p && p != oldLeader, "a new leader is healthy", FailoverTimeout);
        await product.WaitUntilAsync("a failover event is recorded", async () => (await EventsAsync(id, "failover")).Count >= 1, FailoverTimeout);
        await Task.Delay(TimeSpan.FromSeconds(5)); // a second report, were there one, would land by now
        Assert.Single(await EventsAsync(id, "failover"));
        Assert.Empty(await EventsAsync(id, "switchover"));

        await RestartWorkerAsync(owner);
        await DeleteAndWaitAsync(id);
    }

    [Fact]
    public async Task Should_leave_a_taken_over_instance_alone_after_a_frozen_worker_resumes()
    {
        Assert.True(TestEnvironment.PatroniInstalled, "patroni and haproxy must be installed (scripts/install-deps.sh)");
        var id = await CreateAvailableAsync("frozen");
        var owner = await OwnerAsync(id);
        var other = 1 - owner;

        Assert.True(NativeSignals.Freeze(product.Workers[owner].Pid));
        try
        {
            await product.WaitUntilAsync("the other worker owns the instance", async () => await product.OwnerOfAsync(id) == other, TimeSpan.FromSeconds(30));

            // A replica dies while the old owner is frozen: the new owner's supervisor restarts it; the old one must not.
            var health = await WaitForHealthAsync(id, h => h["health"]!.GetValue<string>() == "healthy", "healthy under the new owner");
            var replica = health["members"]!.AsArray().First(m => m!["role"]!.GetValue<string>() == "replica")!["name"]!.GetValue<string>();
            LocalClusters.KillMember(product.DataDirectory, id, Slot(replica));
        }
        finally
        {
            Assert.True(NativeSignals.Thaw(product.Workers[owner].Pid));
        }

        var resumed = product.Workers[owner].OutputMark;
        await WaitForHealthAsync(id, h => h["health"]!.GetValue<string>() == "healthy"
            && h["members"]!.AsArray().Count(m => m!["state"]!.GetValue<string>() is "running" or "streaming") == 2, "the replica back");
        await Task.Delay(TimeSpan.FromSeconds(5));

        // Rebalancing may hand the shard back to the resumed worker later, under a new epoch: from then on it is the owner
        // again. Up to that point it must have done nothing to the instance.
        var after = product.Workers[owner].OutputSince(resumed);
        var retaken = System.Text.RegularExpressions.Regex.Match(after, @"took \d+ shards: [1-9]\d* instances queued");
        if (retaken.Success)
        {
            after = after[..retaken.Index];
        }

        Assert.Contains("lost", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"of instance {id}: the process was not running", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"Instance {id} is ready", after, StringComparison.Ordinal);
        Assert.Empty(await EventsAsync(id, "failover"));
        await DeleteAndWaitAsync(id);
    }

    [Fact]
    public async Task Should_record_switchovers_through_either_api_once_each_as_switchovers()
    {
        Assert.True(TestEnvironment.PatroniInstalled, "patroni and haproxy must be installed (scripts/install-deps.sh)");
        var id = await CreateAvailableAsync("switching");

        for (var round = 0; round < 2; round++)
        {
            var api = product.Apis[round % product.Apis.Count];
            await WaitForHealthAsync(id, h => h["health"]!.GetValue<string>() == "healthy"
                && h["members"]!.AsArray().Any(m => m!["synchronous"]!.GetValue<bool>()), "healthy with a synchronous standby");
            var response = await api.PostAsJsonAsync($"/v1/instances/{id}/switchover", new { });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var operation = response.Headers.Location!.ToString();
            await product.WaitUntilAsync($"switchover {round + 1} succeeds", async () =>
                (await product.GetJsonAsync(operation))["status"]!.GetValue<string>() == "succeeded", FailoverTimeout);
            await product.WaitUntilAsync($"switchover {round + 1} is recorded", async () => (await EventsAsync(id, "switchover")).Count == round + 1, FailoverTimeout);
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(2, (await EventsAsync(id, "switchover")).Count);
        Assert.Empty(await EventsAsync(id, "failover"));
        await DeleteAndWaitAsync(id);
    }

    private async Task<string> CreateAvailableAsync(string name)
    {
        var response = await product.Api.PostAsJsonAsync("/v1/instances", new
        {
            name, region = product.Region, plan = "small", postgresVersion = 15, storageGb = 10,
            highAvailability = new { enabled = true, replicas = 1, replicationMode = "synchronous" },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "available" && i["health"]!.GetValue<string>() == "healthy",
            "the instance is available and healthy", ProvisionTimeout);
        return id;
    }

    private async Task<int> OwnerAsync(string id)
    {
        int? owner = null;
        await product.WaitUntilAsync("the instance has an owner", async () => (owner = await product.OwnerOfAsync(id)) is not null, TimeSpan.FromSeconds(30));
        return owner!.Value;
    }

    private async Task RestartWorkerAsync(int index)
    {
        // The fixture's dispose still stops it; the next test wants two workers again.
        await product.RestartWorkerAsync(index);
    }

    private List<int?> PatroniPids(string id) =>
        [.. Enumerable.Range(0, 2).Select(slot => ReadPid(Path.Combine(LocalClusters.SlotDirectory(product.DataDirectory, id, slot), "patroni.pid")))];

    private static int? ReadPid(string file) =>
        File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;

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

    private static int Slot(string member) => int.Parse(member[(member.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
