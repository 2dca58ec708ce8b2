using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Commands;
using ControlPlane.Contracts.Events;

namespace ControlPlane.Api.Tests;

public sealed class BackupsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_accept_a_full_backup_send_it_to_the_worker_and_show_it_running_in_the_worker_view()
    {
        var tenant = await api.CreateTenantAsync();
        var id = await AvailableAsync(tenant);

        var accepted = await tenant.Api.PostAsync($"/v1/instances/{id}/backups");

        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal(("backup", "pending"), (accepted.Json.Str("type"), accepted.Json.Str("status")));
        var operationId = accepted.Json.Id();
        Assert.Equal($"/v1/operations/{operationId}", accepted.Location);
        var command = await Eventually.GetAsync(
            () => Task.FromResult(api.Commands.OfType<RequestBackup>().FirstOrDefault(c => c.OperationId == operationId)),
            c => c is not null, "the RequestBackup command on the region queue");
        Assert.Equal((id, tenant.Id, api.Region, "full"), (command!.InstanceId, command.OrganizationId, command.Region, command.Kind));
        Assert.Equal(operationId, await api.ScalarAsync<Guid>("select backup_operation_id from worker_desired_instances where instance_id = $1", id));
        Assert.Equal("full", await api.ScalarAsync<string>("select backup_kind from worker_desired_instances where instance_id = $1", id));
        var listed = Assert.Single(Items(await tenant.Api.GetAsync($"/v1/instances/{id}/backups")));
        Assert.Equal(("full", "running", operationId), (listed.Str("kind"), listed.Str("status"), listed["operationId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Should_take_the_kind_the_body_names_and_refuse_a_kind_it_does_not_know()
    {
        var tenant = await api.CreateTenantAsync();
        var id = await AvailableAsync(tenant);

        var unknown = await tenant.Api.PostAsync($"/v1/instances/{id}/backups", new { kind = "snapshot" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Contains("kind", unknown.ErrorFields());

        var accepted = await tenant.Api.PostAsync($"/v1/instances/{id}/backups", new { kind = "incremental" });
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        var command = await Eventually.GetAsync(
            () => Task.FromResult(api.Commands.OfType<RequestBackup>().FirstOrDefault(c => c.OperationId == accepted.Json.Id())),
            c => c is not null, "the RequestBackup command");
        Assert.Equal("incremental", command!.Kind);
    }

    [Fact]
    public async Task Should_refuse_a_second_backup_while_one_runs_naming_it_and_one_of_another_organisation_with_404()
    {
        var tenant = await api.CreateTenantAsync();
        var stranger = await api.CreateTenantAsync();
        var id = await AvailableAsync(tenant);
        var first = await tenant.Api.PostAsync($"/v1/instances/{id}/backups");

        var second = await tenant.Api.PostAsync($"/v1/instances/{id}/backups");
        var switchover = await tenant.Api.PostAsync($"/v1/instances/{id}/switchover", new { });
        var foreign = await stranger.Api.PostAsync($"/v1/instances/{id}/backups");
        var foreignList = await stranger.Api.GetAsync($"/v1/instances/{id}/backups");

        Assert.Equal((HttpStatusCode.Conflict, "application/problem+json"), (second.Status, second.ContentType));
        Assert.Equal(first.Json.Id(), second.Json["blockingOperation"]!.Id());
        Assert.Equal("backup", second.Json["blockingOperation"]!.Str("type"));
        Assert.Equal(HttpStatusCode.Conflict, switchover.Status);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (foreign.Status, foreignList.Status));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from backups where instance_id = $1", id));
    }

    [Fact]
    public async Task Should_refuse_a_backup_of_an_instance_that_is_not_available()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        var ready = await Eventually.GetAsync(() => tenant.Api.GetAsync($"/v1/operations?status=pending"), r => r.Json["items"]!.AsArray().Count == 1, "the create operation");
        var create = ready.Json["items"]!.AsArray()[0]!;

        var refused = await tenant.Api.PostAsync($"/v1/instances/{id}/backups");

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(create.Id(), refused.Json["blockingOperation"]!.Id());
    }

    [Fact]
    public async Task Should_complete_the_operation_and_record_the_backup_and_an_event_when_the_worker_reports_it()
    {
        var tenant = await api.CreateTenantAsync();
        var id = await AvailableAsync(tenant);
        var accepted = await tenant.Api.PostAsync($"/v1/instances/{id}/backups", new { kind = "full" });
        var operationId = accepted.Json.Id();
        var started = DateTimeOffset.UtcNow.AddSeconds(-30);
        var finished = DateTimeOffset.UtcNow.AddSeconds(-1);
        var report = new BackupCompleted(id, operationId, 1, 2, DateTimeOffset.UtcNow, "pgbackrest", "20261206-223000F", "full", "completed",
            started, finished, "000000010000000000000003", "000000010000000000000004", "0/3000028", "0/4000100", 31_000_000, 4_000_000, null);

        await api.PublishAsync(report);
        await api.PublishAsync(report);

        var done = await Eventually.GetAsync(() => tenant.Api.GetAsync(accepted.Location!), r => r.Json.Str("status") == "succeeded", "the backup to succeed");
        Assert.Equal("succeeded", done.Json.Str("status"));
        var backup = Assert.Single(Items(await tenant.Api.GetAsync($"/v1/instances/{id}/backups")));
        Assert.Equal(("completed", "20261206-223000F", "000000010000000000000003", "000000010000000000000004"),
            (backup.Str("status"), backup.Str("engineBackupId"), backup.Str("walStart"), backup.Str("walStop")));
        Assert.Equal((31_000_000L, "0/3000028", "0/4000100"), (backup["sizeBytes"]!.GetValue<long>(), backup.Str("lsnStart"), backup.Str("lsnStop")));
        Assert.Equal(finished.ToUnixTimeSeconds(), backup["finishedAt"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var events = Items(await tenant.Api.GetAsync($"/v1/instances/{id}/events?type=backup-completed"));
        Assert.Contains("20261206-223000F", Assert.Single(events).Str("message"), StringComparison.Ordinal);
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(backup_operation_id) from worker_desired_instances where instance_id = $1", id));
        var next = await tenant.Api.PostAsync($"/v1/instances/{id}/backups");
        Assert.Equal(HttpStatusCode.Accepted, next.Status);
    }

    [Fact]
    public async Task Should_fail_the_operation_with_the_engines_error_when_the_worker_reports_a_failed_backup()
    {
        var tenant = await api.CreateTenantAsync();
        var id = await AvailableAsync(tenant);
        var accepted = await tenant.Api.PostAsync($"/v1/instances/{id}/backups");

        await api.PublishAsync(new BackupFailed(id, accepted.Json.Id(), 1, 2, DateTimeOffset.UtcNow, "full", DateTimeOffset.UtcNow.AddSeconds(-5),
            "ERROR: [082]: WAL segment 000000010000000000000005 was not archived before the 60000ms timeout"));

        var failed = await Eventually.GetAsync(() => tenant.Api.GetAsync(accepted.Location!), r => r.Json.Str("status") == "failed", "the backup to fail");
        Assert.Equal("BackupFailed", failed.Json["error"]!.Str("title"));
        Assert.Contains("was not archived", failed.Json["error"]!.Str("detail"), StringComparison.Ordinal);
        var backup = Assert.Single(Items(await tenant.Api.GetAsync($"/v1/instances/{id}/backups")));
        Assert.Equal("failed", backup.Str("status"));
        Assert.Contains("was not archived", backup.Str("error"), StringComparison.Ordinal);
        Assert.Single(Items(await tenant.Api.GetAsync($"/v1/instances/{id}/events?type=backup-failed")));
        var instance = await tenant.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal("available", instance.Json.Str("status"));
    }

    [Fact]
    public async Task Should_page_the_backups_newest_first()
    {
        var tenant = await api.CreateTenantAsync();
        var id = await AvailableAsync(tenant);
        var operations = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var accepted = await tenant.Api.PostAsync($"/v1/instances/{id}/backups");
            operations.Add(accepted.Json.Id());
            await api.PublishAsync(new BackupFailed(id, accepted.Json.Id(), 1, 2 + i, DateTimeOffset.UtcNow, "full", DateTimeOffset.UtcNow, $"failure {i}"));
            await Eventually.GetAsync(() => tenant.Api.GetAsync(accepted.Location!), r => r.Json.Str("status") == "failed", "the backup to fail");
        }

        var first = await tenant.Api.GetAsync($"/v1/instances/{id}/backups?pageSize=2");
        var token = first.Json["nextPageToken"]!.GetValue<string>();
        var second = await tenant.Api.GetAsync($"/v1/instances/{id}/backups?pageSize=2&pageToken={Uri.EscapeDataString(token)}");
        var malformed = await tenant.Api.GetAsync($"/v1/instances/{id}/backups?pageToken=nonsense");
        var tooLarge = await tenant.Api.GetAsync($"/v1/instances/{id}/backups?pageSize=1000");

        Assert.Equal([operations[2], operations[1]], Items(first).Select(b => b["operationId"]!.GetValue<Guid>()));
        Assert.Equal([operations[0]], Items(second).Select(b => b["operationId"]!.GetValue<Guid>()));
        Assert.Null(second.Json["nextPageToken"]);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity), (malformed.Status, tooLarge.Status));
    }

    private async Task<Guid> AvailableAsync(Tenant tenant)
    {
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        return id;
    }

    private static List<JsonNode> Items(ApiResponse response) => [.. response.Json["items"]!.AsArray().Select(n => n!)];
}
