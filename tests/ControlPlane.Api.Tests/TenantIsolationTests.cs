using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>Another organisation's resources answer exactly like missing ones; support sees every organisation.</summary>
public sealed class TenantIsolationTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_answer_404_to_another_organisation_on_every_resource_and_change_nothing()
    {
        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();
        var created = await a.Api.PostAsync("/v1/instances", api.NewInstance("a-private"));
        var id = created.Json.Id();
        await api.MakeAvailableAsync(a.Api, id, sequence: 1);
        await api.PublishAsync(Worker.Health(id, 1, "healthy", Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true), Worker.Replica("pg-2")));
        await Worker.WaitForInstanceAsync(a.Api, id, i => i.Str("health") == "healthy", "healthy");
        var etag = (await a.Api.GetAsync($"/v1/instances/{id}")).ETag!;
        var extraKey = (await a.Api.PostAsync($"/v1/organizations/{a.Id}/api-keys", new { name = "ci" })).Json;

        var attempts = new (string What, Task<ApiResponse> Call)[]
        {
            ("get instance", b.Api.GetAsync($"/v1/instances/{id}")),
            ("patch instance", b.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = 40 }, etag)),
            ("delete instance", b.Api.DeleteAsync($"/v1/instances/{id}")),
            ("switchover", b.Api.PostAsync($"/v1/instances/{id}/switchover", new { targetMember = "pg-1" })),
            ("health", b.Api.GetAsync($"/v1/instances/{id}/health")),
            ("events", b.Api.GetAsync($"/v1/instances/{id}/events")),
            ("connection", b.Api.GetAsync($"/v1/instances/{id}/connection")),
            ("rotate", b.Api.PostAsync($"/v1/instances/{id}/connection/rotate")),
            ("operation", b.Api.GetAsync(created.Location!)),
            ("create api key", b.Api.PostAsync($"/v1/organizations/{a.Id}/api-keys", new { name = "stolen" })),
            ("revoke api key", b.Api.DeleteAsync($"/v1/api-keys/{extraKey.Id()}")),
            ("revoke first api key", b.Api.DeleteAsync($"/v1/api-keys/{a.KeyId}")),
        };
        foreach (var (what, call) in attempts)
        {
            var response = await call;
            Assert.True(response.Status == HttpStatusCode.NotFound, $"{what}: {response}");
            Assert.Equal("application/problem+json", response.ContentType);
        }

        var after = await a.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal(("available", etag), (after.Json.Str("status"), after.ETag));
        Assert.Equal(HttpStatusCode.OK, (await new ApiClient(api.Http, extraKey.Str("apiKey")).GetAsync("/v1/plans")).Status);
        Assert.Equal(HttpStatusCode.OK, (await a.Api.GetAsync("/v1/plans")).Status);
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from operations where instance_id = $1 and type <> 'create'", id));
    }

    [Fact]
    public async Task Should_list_only_the_callers_organisation_even_when_another_is_named()
    {
        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();
        var ofA = (await a.Api.PostAsync("/v1/instances", api.NewInstance("mine"))).Json.Id();

        var plain = await b.Api.GetAsync("/v1/instances");
        var named = await b.Api.GetAsync($"/v1/instances?organizationId={a.Id}");
        var ownList = await a.Api.GetAsync("/v1/instances");

        Assert.Empty(plain.Json["items"]!.AsArray());
        Assert.Empty(named.Json["items"]!.AsArray());
        Assert.Equal([ofA], ownList.Json["items"]!.AsArray().Select(i => i!.Id()));
    }

    [Fact]
    public async Task Should_create_in_the_callers_organisation_whatever_organisation_is_named()
    {
        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();

        var created = await b.Api.PostAsync($"/v1/instances?organizationId={a.Id}", api.NewInstance());

        Assert.Equal(HttpStatusCode.Accepted, created.Status);
        Assert.Equal(b.Id, created.Json["organizationId"]!.GetValue<Guid>());
        Assert.Empty((await a.Api.GetAsync("/v1/instances")).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task Should_let_support_see_every_organisation()
    {
        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();
        var ofA = (await a.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        var ofB = (await b.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();

        Assert.Equal(HttpStatusCode.OK, (await api.Support.GetAsync($"/v1/instances/{ofA}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Support.GetAsync($"/v1/instances/{ofB}")).Status);
        var onlyA = await api.Support.GetAsync($"/v1/instances?organizationId={a.Id}&pageSize=100");
        Assert.Equal([ofA], onlyA.Json["items"]!.AsArray().Select(i => i!.Id()));
        var all = await api.Support.GetAsync("/v1/instances?pageSize=100");
        var ids = all.Json["items"]!.AsArray().Select(i => i!.Id()).ToList();
        Assert.Contains(ofA, ids);
        Assert.Contains(ofB, ids);
    }

    [Fact]
    public async Task Should_let_support_create_only_in_a_named_existing_organisation()
    {
        var a = await api.CreateTenantAsync();

        var unnamed = await api.Support.PostAsync("/v1/instances", api.NewInstance());
        var unknown = await api.Support.PostAsync($"/v1/instances?organizationId={Guid.NewGuid()}", api.NewInstance());
        var named = await api.Support.PostAsync($"/v1/instances?organizationId={a.Id}", api.NewInstance());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unnamed.Status);
        Assert.Contains("organizationId", unnamed.ErrorFields());
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal(HttpStatusCode.Accepted, named.Status);
        Assert.Equal(a.Id, named.Json["organizationId"]!.GetValue<Guid>());
    }
}
