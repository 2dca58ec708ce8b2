using System.Net;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Events;

namespace ControlPlane.Api.Tests;

public sealed class InstancesApiTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_accept_a_create_with_the_operation_location_and_an_etag()
    {
        var tenant = await api.CreateTenantAsync();

        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance("orders"));

        Assert.Equal(HttpStatusCode.Accepted, created.Status);
        Assert.Equal("provisioning", created.Json.Str("status"));
        Assert.Equal(tenant.Id, created.Json["organizationId"]!.GetValue<Guid>());
        Assert.NotNull(created.ETag);
        Assert.StartsWith("/v1/operations/", created.Location, StringComparison.Ordinal);
        var ha = created.Json["highAvailability"]!;
        Assert.Equal((true, 2, "synchronous", "preferred"),
            (ha["enabled"]!.GetValue<bool>(), ha["replicas"]!.GetValue<int>(), ha.Str("replicationMode"), ha.Str("dataDurability")));
        Assert.Equal(20, created.Json["storageGb"]!.GetValue<int>());

        var operation = await tenant.Api.GetAsync(created.Location!);
        Assert.Equal(HttpStatusCode.OK, operation.Status);
        Assert.Equal(("create", "pending"), (operation.Json.Str("type"), operation.Json.Str("status")));
        Assert.Equal(created.Json.Id(), operation.Json["instanceId"]!.GetValue<Guid>());

        var read = await tenant.Api.GetAsync($"/v1/instances/{created.Json.Id()}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(created.ETag, read.ETag);
        Assert.Equal("orders", read.Json.Str("name"));
        Assert.Equal(["Ready", "Writable", "Replicating", "SynchronouslyDurable", "Reconciled", "Archiving"], read.Json["conditions"]!.AsArray().Select(c => c!.Str("type")));
    }

    [Fact]
    public async Task Should_refuse_a_second_live_instance_with_the_same_name()
    {
        var tenant = await api.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Api.PostAsync("/v1/instances", api.NewInstance("twin"))).Status);

        var second = await tenant.Api.PostAsync("/v1/instances", api.NewInstance("twin"));

        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Equal("application/problem+json", second.ContentType);
        Assert.Contains("twin", second.Json["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        // The refused create left nothing of its transaction behind: no operation, command or audit entry.
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from operations where organization_id = $1", tenant.Id));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from outbox_messages where body->>'organizationId' = $1", tenant.Id.ToString()));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from audit_log where organization_id = $1 and action = 'instance.create'", tenant.Id));
    }

    [Fact]
    public async Task Should_page_through_instances_with_tokens_and_filter_by_status()
    {
        var tenant = await api.CreateTenantAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await tenant.Api.PostAsync("/v1/instances", api.NewInstance($"paged-{i}"))).Json.Id());
        }

        await api.MakeAvailableAsync(tenant.Api, ids[1], sequence: 1);

        var seen = new List<Guid>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await tenant.Api.GetAsync($"/v1/instances?pageSize=2{(token is null ? "" : "&pageToken=" + token)}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var items = page.Json["items"]!.AsArray();
            Assert.True(items.Count <= 2);
            seen.AddRange(items.Select(i => i!.Id()));
            token = page.Json["nextPageToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(ids, seen);
        Assert.Equal(3, pages);

        var available = await tenant.Api.GetAsync("/v1/instances?status=available");
        Assert.Equal([ids[1]], available.Json["items"]!.AsArray().Select(i => i!.Id()));
        var provisioning = await tenant.Api.GetAsync("/v1/instances?status=provisioning&pageSize=100");
        Assert.Equal(4, provisioning.Json["items"]!.AsArray().Count);
        Assert.Null(provisioning.Json["nextPageToken"]);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize", HttpStatusCode.UnprocessableEntity)]
    [InlineData("pageSize=101", "pageSize", HttpStatusCode.UnprocessableEntity)]
    [InlineData("pageToken=not-ours", "pageToken", HttpStatusCode.BadRequest)]
    [InlineData("status=sleeping", "status", HttpStatusCode.UnprocessableEntity)]
    public async Task Should_reject_bad_list_parameters_naming_them(string query, string field, HttpStatusCode status)
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.GetAsync("/v1/instances?" + query);

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains(field, response.ErrorFields());
    }

    [Fact]
    public async Task Should_change_an_available_instance_only_with_its_current_etag()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();
        var path = $"/v1/instances/{id}";

        var blocked = await tenant.Api.PatchAsync(path, new { storageGb = 40 }, created.ETag);
        Assert.Equal(HttpStatusCode.Conflict, blocked.Status);
        Assert.Equal("application/problem+json", blocked.ContentType);
        var blocking = blocked.Json["blockingOperation"]!;
        Assert.Equal(created.Location, blocking.Str("location"));
        Assert.Equal(created.Location, $"/v1/operations/{blocking.Id()}");

        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var createOperation = await tenant.Api.GetAsync(created.Location!);
        Assert.Equal("succeeded", createOperation.Json.Str("status"));

        var withoutIfMatch = await tenant.Api.PatchAsync(path, new { storageGb = 40 }, ifMatch: null);
        Assert.Equal((HttpStatusCode)428, withoutIfMatch.Status);
        Assert.Equal("application/problem+json", withoutIfMatch.ContentType);

        var current = await tenant.Api.GetAsync(path);
        Assert.Equal(created.ETag, current.ETag);
        var changed = await tenant.Api.PatchAsync(path, new { storageGb = 40, plan = "medium" }, current.ETag);
        Assert.Equal(HttpStatusCode.Accepted, changed.Status);
        Assert.Equal(("updating", 40, "medium"), (changed.Json.Str("status"), changed.Json["storageGb"]!.GetValue<int>(), changed.Json.Str("plan")));
        Assert.NotEqual(current.ETag, changed.ETag);
        Assert.StartsWith("/v1/operations/", changed.Location, StringComparison.Ordinal);
        Assert.Equal("update", (await tenant.Api.GetAsync(changed.Location!)).Json.Str("type"));

        var stale = await tenant.Api.PatchAsync(path, new { storageGb = 60 }, current.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal(changed.ETag, stale.Json.Str("currentEtag"));
    }

    [Fact]
    public async Task Should_refuse_to_shrink_storage_or_change_nothing()
    {
        var tenant = await api.CreateTenantAsync();
        var body = api.NewInstance();
        body["storageGb"] = 50;
        var id = (await tenant.Api.PostAsync("/v1/instances", body)).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var etag = (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag;

        var shrink = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = 20 }, etag);
        var nothing = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = 50 }, etag);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, shrink.Status);
        Assert.Contains("storageGb", shrink.ErrorFields());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.Status);
    }

    [Fact]
    public async Task Should_keep_a_deleted_instance_as_deleted_once_the_worker_reports_it()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();

        var deleted = await tenant.Api.DeleteAsync($"/v1/instances/{id}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.Status);
        Assert.Equal(("delete", "pending"), (deleted.Json.Str("type"), deleted.Json.Str("status")));
        Assert.Equal("deleting", (await tenant.Api.GetAsync($"/v1/instances/{id}")).Json.Str("status"));
        // The create it overtook is superseded rather than left pending.
        Assert.Equal("failed", (await tenant.Api.GetAsync(created.Location!)).Json.Str("status"));

        var again = await tenant.Api.DeleteAsync($"/v1/instances/{id}");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal(deleted.Location, again.Json["blockingOperation"]!.Str("location"));

        await api.PublishAsync(new InstanceDeleted(id, deleted.Json.Id(), 2, 5, DateTimeOffset.UtcNow));
        var gone = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "deleted", "deleted");

        Assert.NotNull(gone["deletedAt"]);
        Assert.Equal("succeeded", (await tenant.Api.GetAsync(deleted.Location!)).Json.Str("status"));
        var listed = await tenant.Api.GetAsync("/v1/instances?status=deleted");
        Assert.Equal([id], listed.Json["items"]!.AsArray().Select(i => i!.Id()));
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Api.GetAsync($"/v1/instances/{id}/connection")).Status);

        var sameName = await tenant.Api.PostAsync("/v1/instances", api.NewInstance(gone.Str("name")));
        Assert.Equal(HttpStatusCode.Accepted, sameName.Status);
    }

    [Fact]
    public async Task Should_answer_404_problem_details_for_unknown_resources()
    {
        var tenant = await api.CreateTenantAsync();
        var unknown = Guid.NewGuid();

        foreach (var response in new[]
                 {
                     await tenant.Api.GetAsync($"/v1/instances/{unknown}"),
                     await tenant.Api.GetAsync($"/v1/operations/{unknown}"),
                     await tenant.Api.GetAsync($"/v1/instances/{unknown}/health"),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.Status);
            Assert.Equal("application/problem+json", response.ContentType);
        }
    }

    [Fact]
    public async Task Should_list_events_newest_first_with_pagination()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        await api.PublishAsync(new InstanceFailed(id, null, 1, 2, DateTimeOffset.UtcNow, "DiskFull", "The volume is full."));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "failed", "failed");

        var first = await tenant.Api.GetAsync($"/v1/instances/{id}/events?pageSize=1");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        var newest = Assert.Single(first.Json["items"]!.AsArray())!;
        Assert.Contains("DiskFull", newest.Str("message"), StringComparison.Ordinal);
        var token = first.Json.Str("nextPageToken");

        var second = await tenant.Api.GetAsync($"/v1/instances/{id}/events?pageSize=1&pageToken={token}");
        var older = Assert.Single(second.Json["items"]!.AsArray())!;
        Assert.Contains("available", older.Str("message"), StringComparison.Ordinal);
        Assert.True(older["id"]!.GetValue<long>() < newest["id"]!.GetValue<long>());

        var lifecycle = await tenant.Api.GetAsync($"/v1/instances/{id}/events?type=lifecycle");
        Assert.Equal(2, lifecycle.Json["items"]!.AsArray().Count);
    }
}
