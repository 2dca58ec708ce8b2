using System.Net;
using System.Text.Json.Nodes;
using ControlPlane.Contracts.Commands;
using ControlPlane.Contracts.Events;

namespace ControlPlane.Api.Tests;

/// <summary>Restore (and fork) as a create with a source: judged against the window the worker last reported for the source.</summary>
public sealed class RestoreTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_restore_into_a_new_instance_with_the_sources_version_and_tell_the_worker_where_from()
    {
        var tenant = await api.CreateTenantAsync();
        var (source, window) = await SourceWithWindowAsync(tenant);
        // Whole milliseconds, so the stored microseconds compare exactly.
        var pointInTime = DateTimeOffset.FromUnixTimeMilliseconds(window.Earliest.AddMinutes(30).ToUnixTimeMilliseconds());
        var request = api.NewInstance();
        request.Remove("postgresVersion");
        request["highAvailability"] = new { enabled = true, replicas = 1 };
        request["source"] = new { instanceId = source, pointInTime };

        var created = await tenant.Api.PostAsync("/v1/instances", request);

        Assert.True(created.Status == HttpStatusCode.Accepted, created.ToString());
        Assert.Equal(16, created.Json["postgresVersion"]!.GetValue<int>());
        Assert.Equal(source, created.Json["source"]!["instanceId"]!.GetValue<Guid>());
        Assert.Equal(pointInTime.ToUnixTimeMilliseconds(), created.Json["source"]!["pointInTime"]!.GetValue<DateTimeOffset>().ToUnixTimeMilliseconds());
        var id = created.Json.Id();
        Assert.Equal(source, await api.ScalarAsync<Guid>("SELECT source_instance_id FROM instances WHERE id = $1", id));
        Assert.Equal(pointInTime.ToUnixTimeMilliseconds(),
            await api.ScalarAsync<long>("SELECT (extract(epoch FROM source_point_in_time) * 1000)::bigint FROM instances WHERE id = $1", id));
        await Eventually.GetAsync(() => Task.FromResult(api.Commands.OfType<ReconcileInstance>().FirstOrDefault(c => c.InstanceId == id)),
            c => c is not null, "the reconcile command for the restored instance");
        var read = await tenant.Api.GetAsync($"/v1/instances/{id}");
        Assert.Equal(source, read.Json["source"]!["instanceId"]!.GetValue<Guid>());
        Assert.Null((await tenant.Api.GetAsync($"/v1/instances/{source}")).Json["source"]);
    }

    [Fact]
    public async Task Should_restore_to_the_latest_point_when_no_time_is_given_even_from_a_deleted_source()
    {
        var tenant = await api.CreateTenantAsync();
        var (source, _) = await SourceWithWindowAsync(tenant);
        var deleting = await tenant.Api.DeleteAsync($"/v1/instances/{source}");
        await api.PublishAsync(new InstanceDeleted(source, deleting.Json.Id(), 2, 10, DateTimeOffset.UtcNow));
        await Worker.WaitForInstanceAsync(tenant.Api, source, i => i.Str("status") == "deleted", "deleted");
        var listed = await tenant.Api.GetAsync("/v1/instances?status=deleted");
        Assert.NotNull(Assert.Single(listed.Json["items"]!.AsArray())!["recoveryWindow"]);
        var request = api.NewInstance();
        request["source"] = new { instanceId = source };

        var created = await tenant.Api.PostAsync("/v1/instances", request);

        Assert.True(created.Status == HttpStatusCode.Accepted, created.ToString());
        Assert.Null(created.Json["source"]!["pointInTime"]);
    }

    [Fact]
    public async Task Should_refuse_a_time_outside_the_window_naming_the_field_and_stating_the_window()
    {
        var tenant = await api.CreateTenantAsync();
        var (source, window) = await SourceWithWindowAsync(tenant);

        foreach (var pointInTime in new[] { window.Earliest.AddSeconds(-1), window.Latest.AddMinutes(5) })
        {
            var request = api.NewInstance();
            request["source"] = new { instanceId = source, pointInTime };
            var refused = await tenant.Api.PostAsync("/v1/instances", request);

            Assert.True(refused.Status == HttpStatusCode.UnprocessableEntity, refused.ToString());
            Assert.Equal(["source.pointInTime"], refused.ErrorFields());
            var message = refused.Body!["errors"]!["source.pointInTime"]!.AsArray()[0]!.GetValue<string>();
            Assert.Contains(window.Earliest.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
            Assert.Contains(window.Latest.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), message, StringComparison.Ordinal);
        }

        Assert.Equal(1L, await api.ScalarAsync<long>("SELECT count(*) FROM instances WHERE organization_id = $1", tenant.Id));
    }

    [Fact]
    public async Task Should_refuse_a_source_without_a_backup_and_another_major_version_naming_the_fields()
    {
        var tenant = await api.CreateTenantAsync();
        var bare = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        var (source, _) = await SourceWithWindowAsync(tenant);

        var noBackup = api.NewInstance();
        noBackup["source"] = new { instanceId = bare };
        var otherVersion = api.NewInstance();
        otherVersion["postgresVersion"] = 15;
        otherVersion["source"] = new { instanceId = source };
        var noSourceId = api.NewInstance();
        noSourceId["source"] = new { pointInTime = DateTimeOffset.UtcNow };
        var noVersion = api.NewInstance();
        noVersion.Remove("postgresVersion");

        var refusedNoBackup = await tenant.Api.PostAsync("/v1/instances", noBackup);
        var refusedVersion = await tenant.Api.PostAsync("/v1/instances", otherVersion);
        var refusedNoId = await tenant.Api.PostAsync("/v1/instances", noSourceId);
        var refusedNoVersion = await tenant.Api.PostAsync("/v1/instances", noVersion);

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "source.instanceId"), (refusedNoBackup.Status, Assert.Single(refusedNoBackup.ErrorFields())));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "postgresVersion"), (refusedVersion.Status, Assert.Single(refusedVersion.ErrorFields())));
        Assert.Equal((HttpStatusCode.BadRequest, "source.instanceId"), (refusedNoId.Status, Assert.Single(refusedNoId.ErrorFields())));
        Assert.Equal((HttpStatusCode.BadRequest, "postgresVersion"), (refusedNoVersion.Status, Assert.Single(refusedNoVersion.ErrorFields())));
    }

    [Fact]
    public async Task Should_not_restore_another_organisations_instance_even_for_support()
    {
        var owner = await api.CreateTenantAsync();
        var other = await api.CreateTenantAsync();
        var (source, _) = await SourceWithWindowAsync(owner);
        var request = api.NewInstance();
        request["source"] = new { instanceId = source };

        var fromOther = await other.Api.PostAsync("/v1/instances", request);
        var bySupportIntoOther = await api.Support.PostAsync($"/v1/instances?organizationId={other.Id}", request);

        Assert.Equal(HttpStatusCode.NotFound, fromOther.Status);
        Assert.Equal(HttpStatusCode.NotFound, bySupportIntoOther.Status);
        Assert.Equal(0L, await api.ScalarAsync<long>("SELECT count(*) FROM instances WHERE organization_id = $1", other.Id));
    }

    /// <summary>An available instance whose worker reported a recovery window from two hours ago to a minute ago.</summary>
    private async Task<(Guid Id, (DateTimeOffset Earliest, DateTimeOffset Latest) Window)> SourceWithWindowAsync(Tenant tenant)
    {
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var now = DateTimeOffset.UtcNow;
        var earliest = now.AddHours(-2);
        var latest = now.AddMinutes(-1);
        await api.PublishAsync(new InstanceArchivingReported(id, 1, 2, now, true, "Archiving", "WAL is archived", latest, earliest, latest));
        var reported = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i["recoveryWindow"] is JsonObject, "reporting its recovery window");
        var window = reported["recoveryWindow"]!;
        return (id, (window["earliest"]!.GetValue<DateTimeOffset>(), window["latest"]!.GetValue<DateTimeOffset>()));
    }
}
