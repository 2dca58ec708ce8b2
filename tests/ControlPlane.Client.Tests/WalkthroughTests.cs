using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Client.Models;
using ControlPlane.Contracts.Events;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace ControlPlane.Client.Tests;

/// <summary>
/// The README's API walk-through, driven through the client Kiota generates from the committed document, against the
/// API on a loopback port. The test bus plays the worker where the walk-through waits for one.
/// </summary>
public sealed class WalkthroughTests(LoopbackApiFixture api) : IClassFixture<LoopbackApiFixture>
{
    [Fact]
    public async Task Should_walk_through_the_readme_with_the_generated_client()
    {
        // 1. An organisation (support key) and a key of its own.
        var support = GeneratedClients.For(api, api.SupportKey);
        var organization = await support.V1.Organizations.PostAsync(new CreateOrganizationRequest { Name = "acme-" + Guid.NewGuid().ToString("N")[..6] });
        Assert.NotNull(organization?.ApiKey);
        var firstKey = GeneratedClients.For(api, organization.ApiKey);
        var key = await firstKey.V1.Organizations[organization.Id!.Value].ApiKeys.PostAsync(new CreateApiKeyRequest { Name = "automation" });
        Assert.NotNull(key?.ApiKey);
        var client = GeneratedClients.For(api, key.ApiKey);

        // 2. An HA instance with 2 synchronous replicas; the answer points at the operation to follow.
        var headers = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var created = await client.V1.Instances.PostAsync(Walkthrough.Orders(), config =>
        {
            config.Headers.Add("Idempotency-Key", "create-orders-" + Guid.NewGuid().ToString("N")[..8]);
            config.Options.Add(headers);
        });
        Assert.NotNull(created);
        Assert.Equal("provisioning", created.Status);
        var location = Assert.Single(headers.ResponseHeaders["Location"]);
        var operationId = Guid.Parse(location.Split('/')[^1]);

        // 3. Watch the operation until the worker reports the instance ready, then read the instance and its ETag.
        var pending = await client.V1.Operations[operationId].GetAsync();
        Assert.Equal(("create", created.Id), (pending?.Type, pending?.InstanceId));
        await api.PublishAsync(Worker.Ready(created.Id!.Value, Walkthrough.Long(created.Generation), sequence: 1));
        var done = await Eventually.GetAsync(() => client.V1.Operations[operationId].GetAsync(), o => o?.Status == "succeeded", "the create operation to succeed");
        Assert.Null(done!.Error);
        var instanceHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var instance = await client.V1.Instances[created.Id.Value].GetAsync(config => config.Options.Add(instanceHeaders));
        Assert.Equal(("available", true, 2), (instance?.Status, instance?.HighAvailability?.Enabled, Walkthrough.Int(instance?.HighAvailability?.Replicas)));
        Assert.Equal($"\"{created.Id}-1\"", Assert.Single(instanceHeaders.ResponseHeaders["ETag"]));

        // List with paging: a second instance, then one page at a time.
        var second = await client.V1.Instances.PostAsync(Walkthrough.Single("reports"));
        var first = await client.V1.Instances.GetAsync(config => config.QueryParameters.PageSize = Walkthrough.PageSize(1));
        Assert.NotNull(first?.NextPageToken);
        var rest = await client.V1.Instances.GetAsync(config =>
        {
            config.QueryParameters.PageSize = Walkthrough.PageSize(1);
            config.QueryParameters.PageToken = first.NextPageToken;
        });
        Assert.Null(rest?.NextPageToken);
        Assert.Equal(new[] { created.Id, second!.Id }.Order(), first.Items!.Concat(rest!.Items!).Select(i => i.Id).Order());

        // 5. Health and events, as the worker reported them.
        await api.PublishAsync(Worker.Health(created.Id.Value, 2, InstanceHealthStates.Healthy,
            Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2", synchronous: true)));
        var health = await Eventually.GetAsync(() => client.V1.Instances[created.Id.Value].Health.GetAsync(), h => h?.Health == "healthy", "the instance to be healthy");
        Assert.Equal(("pg-0", 3), (health!.CurrentPrimary, health.Members!.Count));
        var events = await client.V1.Instances[created.Id.Value].Events.GetAsync();
        Assert.Contains(events!.Items!, e => e.Type == "lifecycle");

        // 6. Switch over to the synchronous standby; the worker reports the new leader.
        var switchover = await client.V1.Instances[created.Id.Value].Switchover.PostAsync(new SwitchoverRequest { TargetMember = "pg-1" });
        Assert.Equal(("switchover", "pg-1"), (switchover?.Type, switchover?.TargetMember));
        await api.PublishAsync(new LeaderChanged(created.Id.Value, switchover!.Id, 1, 3, DateTimeOffset.UtcNow, LeaderChanged.Switchover, "pg-0", "pg-1", 2,
            DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow, 0, true, "patroni"));
        await Eventually.GetAsync(() => client.V1.Operations[switchover.Id!.Value].GetAsync(), o => o?.Status == "succeeded", "the switchover to succeed");
        var switched = await client.V1.Instances[created.Id.Value].Events.GetAsync(config => config.QueryParameters.Type = "switchover");
        Assert.Equal("pg-1", Assert.Single(switched!.Items!).LeaderChange?.NewPrimary);

        // Delete; the worker reports everything removed.
        var deletion = await client.V1.Instances[created.Id.Value].DeleteAsync();
        Assert.Equal("delete", deletion?.Type);
        await api.PublishAsync(new InstanceDeleted(created.Id.Value, deletion!.Id, 1, 4, DateTimeOffset.UtcNow));
        await Eventually.GetAsync(() => client.V1.Operations[deletion.Id!.Value].GetAsync(), o => o?.Status == "succeeded", "the delete to succeed");
        Assert.Equal("deleted", (await client.V1.Instances[created.Id.Value].GetAsync())?.Status);
    }
}
