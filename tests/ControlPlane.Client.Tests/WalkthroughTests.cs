using ControlPlane.Client.Models;
using ControlPlane.Contracts.Events;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace ControlPlane.Client.Tests;

/// <summary>
/// The README's API walk-through, driven through the client Kiota generates from the committed document, against the
/// API on a loopback port (real metadata database and broker). There is no worker here, as in the Api tests: the
/// test bus sends the reports a worker sends once an instance is ready and when it polls health, which the API's
/// real recording consumers apply. The switchover and the delete need a worker to act, so they are followed to what
/// the API does on its own: accepted with an operation, and the delete superseding the switchover still pending.
/// </summary>
public sealed class WalkthroughTests(LoopbackApiFixture api) : IClassFixture<LoopbackApiFixture>
{
    [Fact]
    public async Task Should_walk_through_the_readme_with_the_generated_client()
    {
        // 1. An organisation (support key), and a key of its own for the automation.
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
        Assert.NotNull(created?.Id);
        var id = created.Id.Value;
        Assert.Equal(InstanceResponse_status.Provisioning, created.Status);
        var operationId = Guid.Parse(Assert.Single(headers.ResponseHeaders["Location"]).Split('/')[^1]);

        // 3. Follow the operation until the instance is reported ready, then read the instance and its ETag.
        var pending = await client.V1.Operations[operationId].GetAsync();
        Assert.Equal((OperationResponse_type.Create, id, OperationResponse_status.Pending), (pending?.Type, pending?.InstanceId, pending?.Status));
        await api.PublishAsync(Worker.Ready(id, created.Generation!.Value, sequence: 1));
        var done = await Eventually.GetAsync(() => client.V1.Operations[operationId].GetAsync(),
            o => o?.Status == OperationResponse_status.Succeeded, "the create operation to succeed");
        Assert.Null(done!.Error);
        var instanceHeaders = new HeadersInspectionHandlerOption { InspectResponseHeaders = true };
        var instance = await client.V1.Instances[id].GetAsync(config => config.Options.Add(instanceHeaders));
        Assert.Equal((InstanceResponse_status.Available, true, 2), (instance?.Status, instance?.HighAvailability?.Enabled, instance?.HighAvailability?.Replicas));
        Assert.Equal($"\"{id:N}-1\"", Assert.Single(instanceHeaders.ResponseHeaders["ETag"]));

        // List with paging: a second instance, then one page at a time.
        var second = await client.V1.Instances.PostAsync(Walkthrough.Single("reports"));
        var first = await client.V1.Instances.GetAsync(config => config.QueryParameters.PageSize = 1);
        Assert.NotNull(first?.NextPageToken);
        var rest = await client.V1.Instances.GetAsync(config =>
        {
            config.QueryParameters.PageSize = 1;
            config.QueryParameters.PageToken = first.NextPageToken;
        });
        Assert.Null(rest?.NextPageToken);
        Assert.Equal(new[] { id, second!.Id!.Value }.Order(), first.Items!.Concat(rest!.Items!).Select(i => i.Id!.Value).Order());

        // 5. Health and events, as the worker reported them.
        await api.PublishAsync(Worker.Health(id, 2, InstanceHealthStates.Healthy,
            Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2", synchronous: true)));
        var health = await Eventually.GetAsync(() => client.V1.Instances[id].Health.GetAsync(),
            h => h?.Health == HealthResponse_health.Healthy, "the instance to be healthy");
        Assert.Equal(("pg-0", 3), (health!.CurrentPrimary, health.Members!.Count));
        var events = await client.V1.Instances[id].Events.GetAsync();
        Assert.Contains(events!.Items!, e => e.Type == EventResponse_type.Lifecycle);

        // 6. Switch over to a synchronous standby: accepted, with the operation a worker would carry out.
        var switchover = await client.V1.Instances[id].Switchover.PostAsync(new SwitchoverRequest { TargetMember = "pg-1" });
        Assert.Equal((OperationResponse_type.Switchover, "pg-1", OperationResponse_status.Pending), (switchover?.Type, switchover?.TargetMember, switchover?.Status));
        var running = await client.V1.Instances[id].Operations.GetAsync(config =>
            config.QueryParameters.Status = Client.V1.Instances.Item.Operations.GetStatusQueryParameterType.Pending);
        Assert.Equal(switchover!.Id, Assert.Single(running!.Items!).Id);

        // Delete: accepted at once, and it supersedes the switchover no worker has carried out.
        var deletion = await client.V1.Instances[id].DeleteAsync();
        Assert.Equal(OperationResponse_type.Delete, deletion?.Type);
        Assert.Equal(InstanceResponse_status.Deleting, (await client.V1.Instances[id].GetAsync())?.Status);
        var superseded = await client.V1.Operations[switchover.Id!.Value].GetAsync();
        Assert.Equal(OperationResponse_status.Failed, superseded?.Status);
        Assert.Contains(deletion!.Id!.Value.ToString(), superseded?.Error?.Detail, StringComparison.Ordinal);
    }
}
