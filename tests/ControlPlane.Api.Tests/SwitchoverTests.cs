using System.Net;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Commands;
using ControlPlane.Contracts.Events;

namespace ControlPlane.Api.Tests;

public sealed class SwitchoverTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_refuse_a_switchover_without_high_availability()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance(highAvailability: new { enabled = false }))).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);

        var response = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { });

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task Should_check_the_target_against_the_last_health_report_and_send_the_request()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();

        var notYet = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-1" });
        Assert.Equal(HttpStatusCode.Conflict, notYet.Status);

        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        await api.PublishAsync(Worker.Health(id, 1, InstanceHealthStates.Healthy,
            Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2"), Worker.Replica("pg-3", state: "stopped")));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("health") == "healthy", "healthy");

        var stranger = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-9" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stranger.Status);
        Assert.Contains("targetMember", stranger.ErrorFields());

        var asynchronous = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-2" });
        Assert.Equal(HttpStatusCode.Conflict, asynchronous.Status);
        Assert.Contains("synchronous standby", asynchronous.Json.Str("detail"), StringComparison.Ordinal);

        var stopped = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-3" });
        Assert.Equal(HttpStatusCode.Conflict, stopped.Status);
        var primary = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-0" });
        Assert.Equal(HttpStatusCode.Conflict, primary.Status);

        var accepted = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-1" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal(("switchover", "pg-1"), (accepted.Json.Str("type"), accepted.Json.Str("targetMember")));
        var operationId = accepted.Json.Id();

        var command = await Eventually.GetAsync(
            () => Task.FromResult(api.Commands.OfType<RequestSwitchover>().FirstOrDefault(c => c.OperationId == operationId)),
            c => c is not null, "the RequestSwitchover command on the region queue");
        Assert.Equal((id, tenant.Id, api.Region, "pg-1"), (command!.InstanceId, command.OrganizationId, command.Region, command.TargetMember));

        var second = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-1" });
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal(operationId, second.Json["blockingOperation"]!.Id());

        await api.PublishAsync(new LeaderChanged(id, operationId, 1, 2, DateTimeOffset.UtcNow, LeaderChanged.Switchover, "pg-0", "pg-1", 2,
            DateTimeOffset.UtcNow.AddSeconds(-2), DateTimeOffset.UtcNow, 0, true, "patroni"));
        var done = await Eventually.GetAsync(() => tenant.Api.GetAsync(accepted.Location!), r => r.Json.Str("status") == "succeeded", "switchover to succeed");
        Assert.Equal("succeeded", done.Json.Str("status"));
        var instance = await tenant.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal(("pg-1", "available"), (instance.Json.Str("currentPrimary"), instance.Json.Str("status")));
    }

    [Fact]
    public async Task Should_let_patroni_choose_when_no_target_is_named()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);

        var accepted = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { });

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Null(accepted.Json["targetMember"]);
        await api.PublishAsync(new SwitchoverFailed(id, accepted.Json.Id(), 1, 2, DateTimeOffset.UtcNow, "no candidate is healthy"));
        var failed = await Eventually.GetAsync(() => tenant.Api.GetAsync(accepted.Location!), r => r.Json.Str("status") == "failed", "switchover to fail");
        Assert.Equal("SwitchoverRejected", failed.Json["error"]!.Str("title"));
    }

    [Fact]
    public async Task Should_record_the_leader_it_was_asked_of_and_show_the_running_switchover_in_the_worker_view()
    {
        var tenant = await api.CreateTenantAsync();
        var id = await HealthyAsync(tenant);

        var accepted = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-1" });

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        var operationId = accepted.Json.Id();
        Assert.Equal("pg-0", await api.ScalarAsync<string>("select from_member from operations where id = $1", operationId));
        Assert.Equal(operationId, await api.ScalarAsync<Guid>("select switchover_operation_id from worker_desired_instances where instance_id = $1", id));
        Assert.Equal("pg-0", await api.ScalarAsync<string>("select switchover_leader from worker_desired_instances where instance_id = $1", id));
        Assert.Equal("pg-1", await api.ScalarAsync<string>("select switchover_target_member from worker_desired_instances where instance_id = $1", id));

        await api.PublishAsync(new SwitchoverFailed(id, operationId, 1, 3, DateTimeOffset.UtcNow, "candidate lagged"));
        await Eventually.GetAsync(() => tenant.Api.GetAsync(accepted.Location!), r => r.Json.Str("status") == "failed", "switchover to fail");
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(switchover_operation_id) from worker_desired_instances where instance_id = $1", id));
    }

    [Fact]
    public async Task Should_accept_one_of_several_switchovers_racing_and_refuse_the_others_with_409()
    {
        var tenant = await api.CreateTenantAsync();
        var id = await HealthyAsync(tenant);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-1" })));

        var winner = Assert.Single(responses, r => r.Status == HttpStatusCode.Accepted);
        Assert.All(responses.Where(r => r != winner), r => Assert.Equal((HttpStatusCode.Conflict, "application/problem+json"), (r.Status, r.ContentType)));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from operations where instance_id = $1 and type = 'switchover'", id));
        var later = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-1" });
        Assert.Equal(HttpStatusCode.Conflict, later.Status);
        Assert.Equal(winner.Json.Id(), later.Json["blockingOperation"]!.Id());
    }

    [Fact]
    public async Task Should_record_a_switchover_once_and_complete_it_when_two_workers_report_the_same_change()
    {
        var tenant = await api.CreateTenantAsync();
        var id = await HealthyAsync(tenant);
        var accepted = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-1" });
        var operationId = accepted.Json.Id();
        var now = DateTimeOffset.UtcNow;

        // One worker did not know of the switchover and reported a failover first; two others report the switchover.
        await api.PublishAsync(new LeaderChanged(id, null, 1, 3, now, LeaderChanged.Failover, "pg-0", "pg-1", 2, null, now, 0, true, "patroni"));
        await Eventually.GetAsync(() => tenant.Api.GetAsync($"/v1/instances/{id}/events?type=failover"), r => r.Json["items"]!.AsArray().Count == 1, "the failover event");
        await Task.WhenAll(
            api.PublishAsync(new LeaderChanged(id, operationId, 1, 4, now, LeaderChanged.Switchover, "pg-0", "pg-1", 2, null, now, 0, true, "patroni")),
            api.PublishAsync(new LeaderChanged(id, operationId, 1, 5, now, LeaderChanged.Switchover, "pg-0", "pg-1", 2, null, now, 0, true, "patroni")));

        var done = await Eventually.GetAsync(() => tenant.Api.GetAsync(accepted.Location!), r => r.Json.Str("status") == "succeeded", "switchover to succeed");
        Assert.Equal("succeeded", done.Json.Str("status"));
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from instance_events where instance_id = $1 and type in ('failover', 'switchover')", id));
    }

    private async Task<Guid> HealthyAsync(Tenant tenant)
    {
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        await api.PublishAsync(Worker.Health(id, 2, InstanceHealthStates.Healthy,
            Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2")));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("health") == "healthy", "healthy");
        return id;
    }
}
