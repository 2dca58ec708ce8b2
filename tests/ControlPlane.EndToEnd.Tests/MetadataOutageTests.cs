using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace ControlPlane.EndToEnd.Tests;

/// <summary>
/// Reports are level-triggered: with the metadata database down while instances become ready and one is deleted,
/// every instance reaches its state once the database is back, with nothing left in an _error queue.
/// </summary>
public sealed class MetadataOutageTests(MetadataOutageFixture product) : IClassFixture<MetadataOutageFixture>
{
    private static readonly TimeSpan ProvisionTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_bring_every_instance_to_its_state_after_the_metadata_database_was_down_for_ninety_seconds()
    {
        Assert.True(TestEnvironment.PatroniInstalled, "patroni and haproxy must be installed (scripts/install-deps.sh)");
        // "kept" runs through the outage (its health keeps being reported); "gone" is deleted as the outage starts.
        var (kept, _) = await CreateAsync("kept");
        var (gone, _) = await CreateAsync("gone");
        foreach (var id in new[] { kept, gone })
        {
            await product.WaitForInstanceAsync(id, i => Status(i) == "available" && i["health"]!.GetValue<string>() == "healthy",
                "the first instances are available", ProvisionTimeout);
        }

        var (one, createOne) = await CreateAsync("one");
        var (two, createTwo) = await CreateAsync("two");
        var deleted = await product.Api.DeleteAsync($"/v1/instances/{gone}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        // The worker is at work on both (it reported progress), so their readiness falls into the outage.
        foreach (var id in new[] { one, two })
        {
            await product.WaitForInstanceAsync(id, i => i["statusReason"]!.GetValue<string>() != "Provisioning was requested.",
                "the worker is provisioning it", TimeSpan.FromSeconds(60));
        }

        await product.StopPostgresAsync();
        var down = Stopwatch.StartNew();
        await Task.Delay(Outage);
        await product.StartPostgresAsync();
        Assert.True(down.Elapsed >= Outage);

        foreach (var id in new[] { one, two })
        {
            await product.WaitForInstanceAsync(id, i => Status(i) == "available", "it is available after the outage", ProvisionTimeout);
        }

        await product.WaitForInstanceAsync(gone, i => Status(i) == "deleted", "the deleted one is deleted after the outage", ProvisionTimeout);
        await product.WaitForInstanceAsync(kept, i => Status(i) == "available" && i["health"]!.GetValue<string>() == "healthy",
            "the one that ran through it is still available and healthy", ProvisionTimeout);
        foreach (var operation in new[] { createOne, createTwo, deleted.Headers.Location! })
        {
            Assert.Equal("succeeded", (await product.GetJsonAsync(operation.ToString()))["status"]!.GetValue<string>());
        }

        Assert.Equal(0u, await MessagesInAsync(product.EventsQueue + "_error"));
        Assert.Equal(0u, await MessagesInAsync("controlplane-region-" + product.Region + "_error"));
    }

    private async Task<(string Id, Uri Operation)> CreateAsync(string name)
    {
        var response = await product.Api.PostAsJsonAsync("/v1/instances",
            new { name, region = product.Region, plan = "small", postgresVersion = 15, storageGb = 10, highAvailability = new { enabled = false } });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>(), response.Headers.Location!);
    }

    private static string Status(JsonObject instance) => instance["status"]!.GetValue<string>();

    /// <summary>Messages waiting in <paramref name="queue"/>; a queue that was never declared holds none.</summary>
    private static async Task<uint> MessagesInAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = TestServices.RabbitMqUri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }
}
