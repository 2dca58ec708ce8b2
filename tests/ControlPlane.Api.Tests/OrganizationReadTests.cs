using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>What automation reads back: the organisation a create points at, and support's list of them all.</summary>
public sealed class OrganizationReadTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_read_a_new_organisation_at_its_location()
    {
        var created = await api.Support.PostAsync("/v1/organizations", new { name = "located" });

        var read = await api.Support.GetAsync(created.Location!);
        var asMember = await new ApiClient(api.Http, created.Json.Str("apiKey")).GetAsync(created.Location!);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal((created.Json.Id(), "located"), (read.Json.Id(), read.Json.Str("name")));
        Assert.Equal(HttpStatusCode.OK, asMember.Status);
    }

    [Fact]
    public async Task Should_let_only_support_list_organisations_page_by_page()
    {
        var made = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            made.Add((await api.CreateTenantAsync()).Id);
        }

        var seen = new List<Guid>();
        string? token = null;
        do
        {
            var page = await api.Support.GetAsync($"/v1/organizations?pageSize=2{(token is null ? "" : "&pageToken=" + token)}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.True(page.Json["items"]!.AsArray().Count <= 2, page.ToString());
            seen.AddRange(page.Json["items"]!.AsArray().Select(o => o!.Id()));
            token = page.Json["nextPageToken"]?.GetValue<string>();
        }
        while (token is not null);

        Assert.Subset(seen.ToHashSet(), made.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var member = await (await api.CreateTenantAsync()).Api.GetAsync("/v1/organizations");
        Assert.Equal(HttpStatusCode.Forbidden, member.Status);
        Assert.Equal("application/problem+json", member.ContentType);
    }

    [Fact]
    public async Task Should_answer_400_naming_a_page_token_it_did_not_issue()
    {
        var response = await api.Support.GetAsync("/v1/organizations?pageToken=not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["pageToken"], response.ErrorFields());
    }
}
