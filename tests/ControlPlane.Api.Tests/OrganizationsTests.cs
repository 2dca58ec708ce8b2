using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

public sealed class OrganizationsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_create_an_organisation_with_a_working_member_key()
    {
        var created = await api.Support.PostAsync("/v1/organizations", new { name = "  Acme  " });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("Acme", created.Json.Str("name"));
        Assert.StartsWith("cpk_", created.Json.Str("apiKey"), StringComparison.Ordinal);
        Assert.Equal($"/v1/organizations/{created.Json.Id()}", created.Location);
        var member = new ApiClient(api.Http, created.Json.Str("apiKey"));
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/v1/instances")).Status);
    }

    [Theory]
    [InlineData("""{"name": ""}""", HttpStatusCode.BadRequest)]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name": 5}""", HttpStatusCode.BadRequest)]
    public async Task Should_reject_an_organisation_without_a_name(string body, HttpStatusCode status)
    {
        var response = await api.Support.PostAsync("/v1/organizations", body);

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Contains("name", response.ErrorFields());
    }

    [Fact]
    public async Task Should_let_only_support_create_organisations()
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync("/v1/organizations", new { name = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
    }

    [Fact]
    public async Task Should_create_keys_and_stop_a_revoked_key_at_once()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", new { name = "deploy" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(("deploy", tenant.Id), (created.Json.Str("name"), created.Json["organizationId"]!.GetValue<Guid>()));
        var second = new ApiClient(api.Http, created.Json.Str("apiKey"));
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/v1/instances")).Status);

        var revoked = await tenant.Api.DeleteAsync($"/v1/api-keys/{created.Json.Id()}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/v1/instances")).Status);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Api.GetAsync("/v1/instances")).Status);
        var audit = await api.Support.GetAsync($"/v1/audit?organizationId={tenant.Id}&action=apikey.revoke");
        Assert.Single(audit.Json["items"]!.AsArray());
    }

    [Fact]
    public async Task Should_let_support_create_a_key_for_an_existing_organisation_only()
    {
        var tenant = await api.CreateTenantAsync();

        var created = await api.Support.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", new { name = "support-made" });
        var unknown = await api.Support.PostAsync($"/v1/organizations/{Guid.NewGuid()}/api-keys", new { name = "nowhere" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var key = new ApiClient(api.Http, created.Json.Str("apiKey"));
        var own = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync($"/v1/instances/{own.Json.Id()}")).Status);
    }

    [Fact]
    public async Task Should_let_support_revoke_a_members_key()
    {
        var tenant = await api.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Api.GetAsync("/v1/plans")).Status);

        var revoked = await api.Support.DeleteAsync($"/v1/api-keys/{tenant.KeyId}");

        Assert.Equal(HttpStatusCode.NoContent, revoked.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tenant.Api.GetAsync("/v1/plans")).Status);
    }

    [Fact]
    public async Task Should_keep_the_audit_log_for_support_only()
    {
        var tenant = await api.CreateTenantAsync();

        var asMember = await tenant.Api.GetAsync("/v1/audit");
        var anonymous = await api.Anonymous.GetAsync("/v1/audit");

        // The audit log is not a tenant resource that might exist: refusing plainly (403) reveals nothing.
        Assert.Equal(HttpStatusCode.Forbidden, asMember.Status);
        Assert.Equal("application/problem+json", asMember.ContentType);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
    }

    [Fact]
    public async Task Should_audit_changes_and_support_reads_newest_first_with_paging()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();
        Assert.Equal(HttpStatusCode.OK, (await api.Support.GetAsync($"/v1/instances/{id}")).Status);

        var page = await api.Support.GetAsync($"/v1/audit?instanceId={id}&pageSize=1");
        var newest = Assert.Single(page.Json["items"]!.AsArray())!;
        Assert.Equal(("support.read", "support"), (newest.Str("action"), newest.Str("actorRole")));
        var next = await api.Support.GetAsync($"/v1/audit?instanceId={id}&pageSize=1&pageToken={page.Json.Str("nextPageToken")}");
        var older = Assert.Single(next.Json["items"]!.AsArray())!;
        Assert.Equal(("instance.create", "member"), (older.Str("action"), older.Str("actorRole")));
        Assert.Equal(tenant.Id, older["organizationId"]!.GetValue<Guid>());
    }
}
