using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>An on-demand backup through the REST API, taken by the worker with real pgBackRest on the local driver.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BackupTests(ProductFixture product)
{
    private static readonly TimeSpan ProvisionTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan BackupTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Should_take_an_on_demand_backup_and_list_it_with_its_wal_range_and_size()
    {
        Assert.True(TestEnvironment.PatroniInstalled, "patroni and haproxy must be installed (scripts/install-deps.sh)");
        var created = await product.Api.PostAsJsonAsync("/v1/instances",
            new { name = "ledger", region = product.Region, plan = "small", postgresVersion = 15, storageGb = 10, highAvailability = new { enabled = false } });
        Assert.True(created.StatusCode == HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "available", "the instance is available", ProvisionTimeout);
        var connection = await product.GetJsonAsync($"/v1/instances/{id}/connection");
        Assert.True(await Database.TryExecuteAsync(Database.ConnectionString(connection, readOnly: false),
            "create table entries as select g as id, repeat('x', 100) as note from generate_series(1, 10000) g"));

        var accepted = await product.Api.PostAsJsonAsync($"/v1/instances/{id}/backups", new { kind = "full" });

        Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
        var operation = accepted.Headers.Location!.ToString();
        JsonObject? last = null;
        await product.WaitUntilAsync("the backup operation ends", async () =>
        {
            last = await product.GetJsonAsync(operation);
            return last["status"]!.GetValue<string>() is "succeeded" or "failed";
        }, BackupTimeout);
        Assert.True(last!["status"]!.GetValue<string>() == "succeeded", ProductFixture.Describe(last));
        var backup = Assert.Single((await product.GetJsonAsync($"/v1/instances/{id}/backups"))["items"]!.AsArray())!;
        Assert.Equal(("full", "completed"), (backup["kind"]!.GetValue<string>(), backup["status"]!.GetValue<string>()));
        Assert.EndsWith("F", backup["engineBackupId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches("^[0-9A-F]{24}$", backup["walStart"]!.GetValue<string>());
        Assert.Matches("^[0-9A-F]{24}$", backup["walStop"]!.GetValue<string>());
        Assert.True(backup["sizeBytes"]!.GetValue<long>() > 1_000_000, ProductFixture.Describe(backup));
        var events = (await product.GetJsonAsync($"/v1/instances/{id}/events?type=backup-completed"))["items"]!.AsArray();
        Assert.Single(events);

        var deleted = await product.Api.DeleteAsync($"/v1/instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "deleted", "the instance is deleted", ProvisionTimeout);
    }
}
