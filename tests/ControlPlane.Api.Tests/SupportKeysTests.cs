using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

public sealed class SupportKeysTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_name_the_support_person_on_every_audit_entry_their_key_makes()
    {
        var alice = await CreateSupportKeyAsync("Alice Example");

        var created = await alice.Api.PostAsync("/v1/organizations", new { name = "by-alice" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var entry = await NewestAsync($"organizationId={created.Json.Id()}&action=organization.create");
        Assert.Equal(("Alice Example", "support", alice.Id), (entry.Str("actorName"), entry.Str("actorRole"), entry["actorKeyId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Should_record_a_support_read_with_the_organisation_it_touched()
    {
        var bob = await CreateSupportKeyAsync("Bob");
        var tenant = await api.CreateTenantAsync();
        var instance = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();

        Assert.Equal(HttpStatusCode.OK, (await bob.Api.GetAsync($"/v1/instances/{instance}")).Status);

        var entry = await NewestAsync($"organizationId={tenant.Id}&action=support.read");
        Assert.Equal(("Bob", instance), (entry.Str("actorName"), entry["instanceId"]!.GetValue<Guid>()));
    }

    [Fact]
    public async Task Should_audit_reads_of_the_audit_log()
    {
        var carol = await CreateSupportKeyAsync("Carol");
        var tenant = await api.CreateTenantAsync();

        Assert.Equal(HttpStatusCode.OK, (await carol.Api.GetAsync($"/v1/audit?organizationId={tenant.Id}")).Status);

        var entry = await NewestAsync($"organizationId={tenant.Id}&action=audit.read");
        Assert.Equal("Carol", entry.Str("actorName"));
    }

    [Fact]
    public async Task Should_name_the_bootstrap_key_as_such()
    {
        var tenant = await api.CreateTenantAsync();

        var entry = await NewestAsync($"organizationId={tenant.Id}&action=organization.create");

        Assert.Equal("bootstrap", entry.Str("actorName"));
        Assert.Null(entry["actorKeyId"]);
    }

    [Fact]
    public async Task Should_list_and_revoke_support_keys_and_keep_them_from_members()
    {
        var dave = await CreateSupportKeyAsync("Dave");
        var tenant = await api.CreateTenantAsync();

        var listed = await api.Support.GetAsync("/v1/support-keys");
        Assert.Contains(listed.Json["items"]!.AsArray(), k => k!.Id() == dave.Id && k!.Str("role") == "support" && k!["organizationId"] is null);
        Assert.Equal(HttpStatusCode.Forbidden, (await tenant.Api.GetAsync("/v1/support-keys")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Api.DeleteAsync($"/v1/api-keys/{dave.Id}")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Support.DeleteAsync($"/v1/api-keys/{dave.Id}")).Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await dave.Api.GetAsync("/v1/audit")).Status);
        Assert.DoesNotContain((await api.Support.GetAsync("/v1/support-keys")).Json["items"]!.AsArray(), k => k!.Id() == dave.Id);
    }

    [Fact]
    public async Task Should_require_a_name_for_a_support_key()
    {
        var response = await api.Support.PostAsync("/v1/support-keys", new { name = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["name"], response.ErrorFields());
    }

    private async Task<(Guid Id, ApiClient Api)> CreateSupportKeyAsync(string name)
    {
        var created = await api.Support.PostAsync("/v1/support-keys", new { name });
        Assert.True(created.Status == HttpStatusCode.Created, created.ToString());
        Assert.Equal((name, "support"), (created.Json.Str("name"), created.Json.Str("role")));
        return (created.Json.Id(), new ApiClient(api.Http, created.Json.Str("apiKey")));
    }

    private async Task<JsonNode> NewestAsync(string query)
    {
        var page = await api.Support.GetAsync($"/v1/audit?{query}&pageSize=1");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return Assert.Single(page.Json["items"]!.AsArray())!;
    }
}
