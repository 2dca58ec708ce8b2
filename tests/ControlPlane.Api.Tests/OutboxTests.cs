using System.Net;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Commands;

namespace ControlPlane.Api.Tests;

public sealed class OutboxTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_send_each_accepted_change_to_the_region_queue_once()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();

        var create = await WaitForCommandAsync(id, "create");
        Assert.Equal((tenant.Id, api.Region, 1L, created.Location), (create.OrganizationId, create.Region, create.Generation, $"/v1/operations/{create.OperationId}"));

        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var update = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = 30 }, created.ETag);
        Assert.Equal(HttpStatusCode.Accepted, update.Status);
        Assert.Equal(2L, (await WaitForCommandAsync(id, "update")).Generation);

        var delete = await tenant.Api.DeleteAsync($"/v1/instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.Status);
        var deleteCommand = await WaitForCommandAsync(id, "delete");
        Assert.Equal((3L, delete.Json.Id()), (deleteCommand.Generation, deleteCommand.OperationId));

        await Task.Delay(300);
        Assert.Equal(3, api.Commands.OfType<ReconcileInstance>().Count(c => c.InstanceId == id));
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from outbox_messages where sent_at is null"));
        Assert.Equal(3L, await api.ScalarAsync<long>("select count(*) from outbox_messages where body->>'instanceId' = $1 and sent_at is not null", id.ToString()));
    }

    private Task<ReconcileInstance> WaitForCommandAsync(Guid instanceId, string type) =>
        Eventually.GetAsync(
            () => Task.FromResult(api.Commands.OfType<ReconcileInstance>().FirstOrDefault(c => c.InstanceId == instanceId && c.OperationType == type)!),
            c => c is not null,
            $"the {type} command for {instanceId}");
}
