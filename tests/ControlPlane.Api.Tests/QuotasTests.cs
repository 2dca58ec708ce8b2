using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>Per-organisation quotas: instances and GB of volume over all members, refused with a 409 that names the quota.</summary>
public sealed class QuotasTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_refuse_a_create_beyond_the_instance_quota_naming_the_quota_its_limit_and_use()
    {
        var tenant = await api.CreateTenantAsync();
        await SetQuotasAsync(tenant, maxInstances: 1);
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Api.PostAsync("/v1/instances", Instance(20))).Status);

        var refused = await tenant.Api.PostAsync("/v1/instances", Instance(20));

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("application/problem+json", refused.ContentType);
        Assert.Equal("instances", refused.Json.Str("quota"));
        Assert.Equal(1, refused.Json["limit"]!.GetValue<long>());
        Assert.Equal(1, refused.Json["current"]!.GetValue<long>());
        Assert.Equal(1, refused.Json["requested"]!.GetValue<long>());
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from instances where organization_id = $1", tenant.Id));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from outbox_messages where body->>'organizationId' = $1", tenant.Id.ToString()));
    }

    [Fact]
    public async Task Should_count_every_members_volume_against_the_storage_quota()
    {
        var tenant = await api.CreateTenantAsync();
        await SetQuotasAsync(tenant, maxStorageGb: 100);
        var ha = new { enabled = true, replicas = 2 };
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Api.PostAsync("/v1/instances", Instance(30, ha))).Status);

        var refused = await tenant.Api.PostAsync("/v1/instances", Instance(20));
        var organization = await tenant.Api.GetAsync($"/v1/organizations/{tenant.Id}");

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("storageGb", refused.Json.Str("quota"));
        Assert.Equal(100, refused.Json["limit"]!.GetValue<long>());
        Assert.Equal(90, refused.Json["current"]!.GetValue<long>());
        Assert.Equal(20, refused.Json["requested"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, organization.Status);
        Assert.Equal(90, organization.Json["quotas"]!["storageGb"]!["used"]!.GetValue<long>());
        Assert.Equal(1, organization.Json["quotas"]!["instances"]!["used"]!.GetValue<long>());
    }

    [Fact]
    public async Task Should_refuse_a_change_that_grows_storage_beyond_the_quota_and_accept_one_within_it()
    {
        var tenant = await api.CreateTenantAsync();
        await SetQuotasAsync(tenant, maxStorageGb: 60);
        var id = (await tenant.Api.PostAsync("/v1/instances", Instance(20))).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var etag = (await tenant.Api.GetAsync($"/v1/instances/{id}")).ETag;

        var refused = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = 70 }, etag);
        var accepted = await tenant.Api.PatchAsync($"/v1/instances/{id}", new { storageGb = 60 }, etag);

        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Equal("storageGb", refused.Json.Str("quota"));
        Assert.Equal(20, refused.Json["current"]!.GetValue<long>());
        Assert.Equal(50, refused.Json["requested"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal(60, (await tenant.Api.GetAsync($"/v1/instances/{id}")).Json["storageGb"]!.GetValue<int>());
    }

    [Fact]
    public async Task Should_let_concurrent_creates_take_no_more_instances_than_the_quota()
    {
        var tenant = await api.CreateTenantAsync();
        await SetQuotasAsync(tenant, maxInstances: 2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => tenant.Api.PostAsync("/v1/instances", Instance(10))));

        Assert.Equal(2, responses.Count(r => r.Status == HttpStatusCode.Accepted));
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Accepted), r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Status);
            Assert.Equal("instances", r.Json.Str("quota"));
        });
        Assert.Equal(2L, await api.ScalarAsync<long>("select count(*) from instances where organization_id = $1", tenant.Id));
    }

    [Fact]
    public async Task Should_take_the_organisations_quota_lock_only_after_the_create_is_written()
    {
        // Held from the start of a request, the lock queued an organisation's creates behind each other's whole
        // requests until the connection pool ran out. Another transaction holds it here, and the create must have
        // written its rows by the time it waits for it.
        var tenant = await api.CreateTenantAsync();
        await using var holder = new NpgsqlConnection(api.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM organizations WHERE id = $1 FOR NO KEY UPDATE", holder, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter { Value = tenant.Id });
            await lockRow.ExecuteScalarAsync();
        }

        var create = tenant.Api.PostAsync("/v1/instances", Instance(10));
        var waiter = await Eventually.GetAsync(
            () => api.ScalarAsync<int>("""
                SELECT coalesce(max(pid), 0) FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
                """),
            pid => pid != 0, "the create to wait for the organisation's row lock");
        var wroteFirst = await api.ScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM pg_locks
                           WHERE pid = $1 AND relation = 'instances'::regclass AND mode = 'RowExclusiveLock' AND granted)
            """, waiter);
        await transaction.CommitAsync();

        Assert.True(wroteFirst, "the create waited for the quota lock before writing its instance");
        Assert.Equal(HttpStatusCode.Accepted, (await create).Status);
    }

    [Fact]
    public async Task Should_show_the_configured_defaults_until_support_sets_the_organisations_own_limits_and_audit_the_change()
    {
        var tenant = await api.CreateTenantAsync();
        var before = await tenant.Api.GetAsync($"/v1/organizations/{tenant.Id}");

        var changed = await api.Support.PatchAsync($"/v1/organizations/{tenant.Id}", new { quotas = new { maxInstances = 7 } }, null);

        Assert.Equal(20, before.Json["quotas"]!["instances"]!["limit"]!.GetValue<long>());
        Assert.True(before.Json["quotas"]!["instances"]!["isDefault"]!.GetValue<bool>());
        Assert.Equal(2000, before.Json["quotas"]!["storageGb"]!["limit"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        Assert.Equal(7, changed.Json["quotas"]!["instances"]!["limit"]!.GetValue<long>());
        Assert.False(changed.Json["quotas"]!["instances"]!["isDefault"]!.GetValue<bool>());
        Assert.True(changed.Json["quotas"]!["storageGb"]!["isDefault"]!.GetValue<bool>());
        var audit = await api.Support.GetAsync($"/v1/audit?organizationId={tenant.Id}&action=organization.quotas");
        Assert.Single(audit.Json["items"]!.AsArray());
    }

    [Fact]
    public async Task Should_let_only_support_set_quotas_and_show_an_organisation_only_to_its_members()
    {
        var tenant = await api.CreateTenantAsync();
        var other = await api.CreateTenantAsync();

        var asMember = await tenant.Api.PatchAsync($"/v1/organizations/{tenant.Id}", new { quotas = new { maxInstances = 1000 } }, null);
        var someoneElses = await other.Api.GetAsync($"/v1/organizations/{tenant.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, asMember.Status);
        Assert.Equal(HttpStatusCode.NotFound, someoneElses.Status);
        Assert.Equal(20, (await tenant.Api.GetAsync($"/v1/organizations/{tenant.Id}")).Json["quotas"]!["instances"]!["limit"]!.GetValue<long>());
    }

    [Theory]
    [InlineData(-1, null, "quotas.maxInstances")]
    [InlineData(null, -5, "quotas.maxStorageGb")]
    [InlineData(null, null, "quotas")]
    public async Task Should_refuse_invalid_quotas_naming_the_field(int? maxInstances, int? maxStorageGb, string field)
    {
        var tenant = await api.CreateTenantAsync();

        var response = await api.Support.PatchAsync($"/v1/organizations/{tenant.Id}", new { quotas = new { maxInstances, maxStorageGb } }, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(field, response.ErrorFields());
    }

    private async Task SetQuotasAsync(Tenant tenant, int? maxInstances = null, int? maxStorageGb = null)
    {
        var response = await api.Support.PatchAsync($"/v1/organizations/{tenant.Id}", new { quotas = new { maxInstances, maxStorageGb } }, null);
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
    }

    /// <summary>A single-member instance unless told otherwise (a create without highAvailability gets HA by default).</summary>
    private Dictionary<string, object?> Instance(int storageGb, object? highAvailability = null)
    {
        var body = api.NewInstance(highAvailability: highAvailability ?? new { enabled = false });
        body["storageGb"] = storageGb;
        return body;
    }
}
