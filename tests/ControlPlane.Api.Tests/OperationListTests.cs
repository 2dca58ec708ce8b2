using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>GET /v1/operations and GET /v1/instances/{id}/operations: paged, filtered, and only the caller's.</summary>
public sealed class OperationListTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_list_an_instances_operations_oldest_first_and_filter_them_by_type_and_status()
    {
        var tenant = await api.CreateTenantAsync();
        var id = await AvailableInstanceAsync(tenant);
        var rotated = await tenant.Api.PostAsync($"/v1/instances/{id}/connection/rotate");
        Assert.Equal(HttpStatusCode.Accepted, rotated.Status);

        var all = await tenant.Api.GetAsync($"/v1/instances/{id}/operations");
        var creates = await tenant.Api.GetAsync($"/v1/instances/{id}/operations?type=create");
        var pending = await tenant.Api.GetAsync($"/v1/instances/{id}/operations?status=pending");

        Assert.Equal(HttpStatusCode.OK, all.Status);
        Assert.Equal([("create", "succeeded"), ("rotatecredentials", "pending")], Items(all).Select(o => (o.Str("type"), o.Str("status"))));
        Assert.Equal(["create"], Items(creates).Select(o => o.Str("type")));
        Assert.Equal([rotated.Location], Items(pending).Select(o => $"/v1/operations/{o.Id()}"));
        Assert.Null(all.Json["nextPageToken"]);
    }

    [Fact]
    public async Task Should_page_the_organisations_operations_with_a_cursor()
    {
        var tenant = await api.CreateTenantAsync();
        var accepted = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            accepted.Add((await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id());
        }

        var seen = new List<Guid>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await tenant.Api.GetAsync($"/v1/operations?pageSize=2{(token is null ? "" : "&pageToken=" + token)}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            seen.AddRange(Items(page).Select(o => o["instanceId"]!.GetValue<Guid>()));
            token = page.Json["nextPageToken"]?.GetValue<string>();
            pages++;
        }
        while (token is not null);

        // Ids are UUIDv7: two accepted within one millisecond may sort either way, so the order is not asserted here.
        Assert.Equal(accepted.Order(), seen.Order());
        Assert.Equal(2, pages);
    }

    [Fact]
    public async Task Should_show_no_other_organisations_operations()
    {
        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();
        var ofA = (await a.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        var ofB = (await b.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();

        var ofAsInstance = await b.Api.GetAsync($"/v1/instances/{ofA}/operations");
        var named = await b.Api.GetAsync($"/v1/operations?organizationId={a.Id}");

        Assert.Equal(HttpStatusCode.NotFound, ofAsInstance.Status);
        Assert.Equal("application/problem+json", ofAsInstance.ContentType);
        Assert.Equal([ofB], Items(named).Select(o => o["instanceId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Should_let_support_list_one_organisations_operations_or_any_instances()
    {
        var a = await api.CreateTenantAsync();
        var b = await api.CreateTenantAsync();
        var ofA = (await a.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await b.Api.PostAsync("/v1/instances", api.NewInstance());

        var named = await api.Support.GetAsync($"/v1/operations?organizationId={a.Id}&pageSize=100");
        var ofInstance = await api.Support.GetAsync($"/v1/instances/{ofA}/operations");

        Assert.Equal([ofA], Items(named).Select(o => o["instanceId"]!.GetValue<Guid>()));
        Assert.Equal([ofA], Items(ofInstance).Select(o => o["instanceId"]!.GetValue<Guid>()));
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("type=resize", "type")]
    [InlineData("pageSize=0", "pageSize")]
    public async Task Should_answer_422_naming_a_filter_outside_its_words(string query, string field)
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.GetAsync($"/v1/operations?{query}");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal([field], response.ErrorFields());
    }

    private async Task<Guid> AvailableInstanceAsync(Tenant tenant)
    {
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        await Eventually.GetAsync(
            async () => (await tenant.Api.GetAsync($"/v1/instances/{id}/operations?status=succeeded")).Json,
            page => page["items"]!.AsArray().Count == 1,
            "the create to succeed");
        return id;
    }

    private static List<JsonNode> Items(ApiResponse page) => [.. page.Json["items"]!.AsArray().Select(i => i!)];
}
