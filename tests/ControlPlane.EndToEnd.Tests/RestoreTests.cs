using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// Point-in-time restore as a customer does it after a bad DROP TABLE: through the REST API, into a new instance, with
/// real pgBackRest and the WAL the source archived.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RestoreTests(ProductFixture product)
{
    private static readonly TimeSpan ProvisionTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan BackupTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan ArchiveTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_restore_a_new_instance_to_a_time_before_a_drop_table_with_exactly_the_rows_committed_before_it()
    {
        Assert.True(TestEnvironment.PatroniInstalled, "patroni and haproxy must be installed (scripts/install-deps.sh)");
        var source = await CreateAsync(new { name = "orders", region = product.Region, plan = "small", postgresVersion = 15, storageGb = 10, highAvailability = new { enabled = false } });
        var connection = Database.ConnectionString(await product.GetJsonAsync($"/v1/instances/{source}/connection"), readOnly: false);
        Assert.True(await Database.TryExecuteAsync(connection,
            "create table entries (id bigserial primary key, batch int not null, at timestamptz not null default clock_timestamp())"));
        await InsertBatchAsync(connection, 1);

        var backup = await product.Api.PostAsJsonAsync($"/v1/instances/{source}/backups", new { kind = "full" });
        Assert.True(backup.StatusCode == HttpStatusCode.Accepted, await backup.Content.ReadAsStringAsync());
        await WaitForOperationAsync(backup.Headers.Location!.ToString(), BackupTimeout);

        // The backup is restorable from the whole second after it ended; the first rows after it come later than that.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await InsertBatchAsync(connection, 2);
        var target = await Database.ScalarAsync<DateTime>(connection, "select clock_timestamp()");
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        await InsertBatchAsync(connection, 3);
        Assert.True(await Database.TryExecuteAsync(connection, "drop table entries"));
        var dropped = await Database.ScalarAsync<DateTime>(connection, "select clock_timestamp()");

        // The window's end is the newest archived WAL: once it passes the drop, the WAL after the target is in the archive.
        await product.WaitForInstanceAsync(source, i => i["recoveryWindow"]?["latest"]?.GetValue<DateTimeOffset>() > new DateTimeOffset(dropped, TimeSpan.Zero),
            "the recovery window to reach past the drop", ArchiveTimeout);
        var pointInTime = new DateTimeOffset(DateTime.SpecifyKind(target, DateTimeKind.Utc));
        var tooLate = await product.Api.PostAsJsonAsync("/v1/instances", new
        {
            name = "orders-late", region = product.Region, plan = "small",
            source = new { instanceId = source, pointInTime = DateTimeOffset.UtcNow.AddHours(1) },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLate.StatusCode);
        Assert.Contains("source.pointInTime", await tooLate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var restored = await CreateAsync(new
        {
            name = "orders-restored", region = product.Region, plan = "small", highAvailability = new { enabled = false },
            source = new { instanceId = source, pointInTime },
        });

        var instance = await product.GetJsonAsync($"/v1/instances/{restored}");
        Assert.Equal(15, instance["postgresVersion"]!.GetValue<int>());
        Assert.Equal(source, instance["source"]!["instanceId"]!.GetValue<string>());
        var restoredConnection = Database.ConnectionString(await product.GetJsonAsync($"/v1/instances/{restored}/connection"), readOnly: false);
        var cutoff = pointInTime.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture);
        Assert.Equal(200L, await Database.ScalarAsync<long>(restoredConnection, "select count(*) from entries"));
        Assert.Equal(0L, await Database.ScalarAsync<long>(restoredConnection, $"select count(*) from entries where batch = 3 or at >= '{cutoff}'"));
        // The source is untouched: its table is still dropped.
        Assert.Equal(0L, await Database.ScalarAsync<long>(connection, "select count(*) from pg_tables where tablename = 'entries'"));

        foreach (var id in new[] { restored, source })
        {
            Assert.Equal(HttpStatusCode.Accepted, (await product.Api.DeleteAsync($"/v1/instances/{id}")).StatusCode);
        }

        foreach (var id in new[] { restored, source })
        {
            await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() == "deleted", "the instance is deleted", ProvisionTimeout);
        }
    }

    private async Task<string> CreateAsync(object request)
    {
        var created = await product.Api.PostAsJsonAsync("/v1/instances", request);
        Assert.True(created.StatusCode == HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await product.WaitForInstanceAsync(id, i => i["status"]!.GetValue<string>() is "available" or "failed", "the instance is available", ProvisionTimeout);
        var instance = await product.GetJsonAsync($"/v1/instances/{id}");
        Assert.True(instance["status"]!.GetValue<string>() == "available", ProductFixture.Describe(instance));
        return id;
    }

    private async Task WaitForOperationAsync(string location, TimeSpan timeout)
    {
        JsonObject? last = null;
        await product.WaitUntilAsync($"operation {location} ends", async () =>
        {
            last = await product.GetJsonAsync(location);
            return last["status"]!.GetValue<string>() is "succeeded" or "failed";
        }, timeout);
        Assert.True(last!["status"]!.GetValue<string>() == "succeeded", ProductFixture.Describe(last));
    }

    /// <summary>100 rows in one committed transaction.</summary>
    private static async Task InsertBatchAsync(string connection, int batch) =>
        Assert.True(await Database.TryExecuteAsync(connection, $"insert into entries (batch) select {batch} from generate_series(1, 100)"));
}
