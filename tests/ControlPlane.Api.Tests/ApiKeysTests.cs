using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

public sealed class ApiKeysTests(StrictAuthFixture api) : IClassFixture<StrictAuthFixture>
{
    [Fact]
    public async Task Should_list_an_organisations_keys_without_secrets()
    {
        var tenant = await api.CreateTenantAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);
        var created = await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", new { name = "deploy", expiresAt });
        Assert.Equal(HttpStatusCode.Created, created.Status);

        var listed = await tenant.Api.GetAsync($"/v1/organizations/{tenant.Id}/api-keys");

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        var items = listed.Json["items"]!.AsArray();
        Assert.Equal(["initial", "deploy"], items.Select(k => k!.Str("name")));
        var deploy = items[1]!;
        Assert.Equal((created.Json.Id(), "member", tenant.Id), (deploy.Id(), deploy.Str("role"), deploy["organizationId"]!.GetValue<Guid>()));
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), deploy["expiresAt"]!.GetValue<DateTimeOffset>().ToUnixTimeSeconds());
        Assert.NotNull(deploy["createdAt"]);
        Assert.Null(deploy["lastUsedAt"]);
        Assert.NotNull(items[0]!["lastUsedAt"]);
        Assert.DoesNotContain(created.Json.Str("apiKey"), listed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.Api.Key!, listed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", listed.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_not_list_the_keys_of_another_organisation()
    {
        var mine = await api.CreateTenantAsync();
        var theirs = await api.CreateTenantAsync();

        var response = await mine.Api.GetAsync($"/v1/organizations/{theirs.Id}/api-keys");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
    }

    [Fact]
    public async Task Should_refuse_a_key_once_it_has_expired()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys",
            new { name = "short", expiresAt = DateTimeOffset.UtcNow.AddSeconds(2) });
        var key = new ApiClient(api.Http, created.Json.Str("apiKey"));
        Assert.Equal(HttpStatusCode.OK, (await key.GetAsync("/v1/instances")).Status);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(HttpStatusCode.Unauthorized, (await key.GetAsync("/v1/instances")).Status);
    }

    [Fact]
    public async Task Should_reject_an_expiry_in_the_past_naming_the_field()
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", new { name = "old", expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.Status);
        Assert.Equal(["expiresAt"], response.ErrorFields());
    }

    [Fact]
    public async Task Should_refuse_a_key_over_the_organisations_cap_until_one_is_revoked()
    {
        var tenant = await api.CreateTenantAsync();
        var keys = new List<Guid>();
        for (var i = 1; i < StrictAuthFixture.MaxKeys; i++)
        {
            var created = await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", new { name = $"k{i}" });
            Assert.Equal(HttpStatusCode.Created, created.Status);
            keys.Add(created.Json.Id());
        }

        var refused = await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", new { name = "one too many" });

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Contains($"{StrictAuthFixture.MaxKeys} active API keys", refused.Json.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Api.DeleteAsync($"/v1/api-keys/{keys[0]}")).Status);
        Assert.Equal(HttpStatusCode.Created, (await tenant.Api.PostAsync($"/v1/organizations/{tenant.Id}/api-keys", new { name = "replacement" })).Status);
    }

    [Fact]
    public async Task Should_record_last_use_without_a_write_per_request()
    {
        var tenant = await api.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Api.GetAsync("/v1/instances")).Status);
        var first = await api.ScalarAsync<DateTime>("select last_used_at from api_keys where id = $1", tenant.KeyId);
        await api.ScalarAsync<int>("update api_keys set last_used_at = $1 where id = $2 returning 1", first.AddSeconds(-5), tenant.KeyId);

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await tenant.Api.GetAsync("/v1/instances")).Status);
        }

        // Within the minute nothing more is written: the value is still the one set above.
        Assert.Equal(first.AddSeconds(-5), await api.ScalarAsync<DateTime>("select last_used_at from api_keys where id = $1", tenant.KeyId));
    }
}
