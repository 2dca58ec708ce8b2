using System.Net;
using ControlPlane.Api.Tests.Infrastructure;
using ControlPlane.Contracts.Commands;

namespace ControlPlane.Api.Tests;

public sealed class ConnectionTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_return_credentials_audit_the_read_and_never_log_the_password()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);

        var connection = await tenant.Api.GetAsync($"/v1/instances/{id}/connection");

        Assert.Equal(HttpStatusCode.OK, connection.Status);
        Assert.Equal("no-store", connection.Message.Headers.CacheControl?.ToString());
        var password = connection.Json.Str("password");
        Assert.True(password.Length >= 24, "a generated password");
        Assert.Equal(("app", "app"), (connection.Json.Str("database"), connection.Json.Str("username")));
        Assert.Equal((Worker.Endpoints.PrimaryHost, Worker.Endpoints.PrimaryPort),
            (connection.Json["primary"]!.Str("host"), connection.Json["primary"]!["port"]!.GetValue<int>()));
        Assert.Equal(Worker.Endpoints.ReadOnlyPort, connection.Json["readOnly"]!["port"]!.GetValue<int>());

        var audit = await api.Support.GetAsync($"/v1/audit?instanceId={id}&action=instance.connection.read");
        var entry = Assert.Single(audit.Json["items"]!.AsArray())!;
        Assert.Equal(tenant.KeyId, entry["actorKeyId"]!.GetValue<Guid>());
        Assert.Equal("member", entry.Str("actorRole"));
        Assert.DoesNotContain(password, audit.Text, StringComparison.Ordinal);

        // Stored encrypted: the password is nowhere in the instance row.
        var row = await api.ScalarAsync<string>("select row_to_json(i)::text from instances i where id = $1", id);
        Assert.DoesNotContain(password, row, StringComparison.Ordinal);

        var rotated = await tenant.Api.PostAsync($"/v1/instances/{id}/connection/rotate");
        Assert.Equal(HttpStatusCode.Accepted, rotated.Status);
        Assert.Equal("rotatecredentials", rotated.Json.Str("type"));
        var command = await Eventually.GetAsync(
            () => Task.FromResult(api.Commands.OfType<ReconcileInstance>().FirstOrDefault(c => c.OperationId == rotated.Json.Id())),
            c => c is not null, "the rotation command");
        Assert.Equal("rotatecredentials", command!.OperationType);
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 2);
        var newPassword = (await tenant.Api.GetAsync($"/v1/instances/{id}/connection")).Json.Str("password");
        Assert.NotEqual(password, newPassword);

        Assert.NotEmpty(api.Logs.Lines);
        foreach (var secret in new[] { password, newPassword })
        {
            Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(api.Logs.Lines, line => line.Contains(tenant.Api.Key!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_serve_the_old_password_until_the_worker_reports_the_rotation_done()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();
        await api.MakeAvailableAsync(tenant.Api, id, sequence: 1);
        var old = (await tenant.Api.GetAsync($"/v1/instances/{id}/connection")).Json.Str("password");

        var rotated = await tenant.Api.PostAsync($"/v1/instances/{id}/connection/rotate");
        Assert.Equal(HttpStatusCode.Accepted, rotated.Status);
        var rotation = rotated.Json["generation"]!.GetValue<long>();

        // The worker has not set it in PostgreSQL yet: the new password would be refused, the old one still logs in.
        Assert.Equal(old, (await tenant.Api.GetAsync($"/v1/instances/{id}/connection")).Json.Str("password"));
        await api.PublishAsync(Worker.Ready(id, rotation - 1, sequence: 2));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i["observedGeneration"]!.GetValue<long>() == rotation - 1 && i["status"]!.GetValue<string>() == "updating", "a report of the older generation");
        Assert.Equal(old, (await tenant.Api.GetAsync($"/v1/instances/{id}/connection")).Json.Str("password"));

        await api.PublishAsync(Worker.Ready(id, rotation, sequence: 3));
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i["status"]!.GetValue<string>() == "available", "available");
        var current = (await tenant.Api.GetAsync($"/v1/instances/{id}/connection")).Json.Str("password");

        Assert.NotEqual(old, current);
        var operation = await tenant.Api.GetAsync($"/v1/operations/{rotated.Json.Id()}");
        Assert.Equal("succeeded", operation.Json.Str("status"));
    }

    [Fact]
    public async Task Should_refuse_to_rotate_while_another_operation_runs()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());

        var response = await tenant.Api.PostAsync($"/v1/instances/{created.Json.Id()}/connection/rotate");

        Assert.Equal(HttpStatusCode.Conflict, response.Status);
        Assert.Equal(created.Location, response.Json["blockingOperation"]!.Str("location"));
    }

    [Fact]
    public async Task Should_show_health_with_member_roles_after_a_report()
    {
        var tenant = await api.CreateTenantAsync();
        var id = (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Json.Id();

        var before = await tenant.Api.GetAsync($"/v1/instances/{id}/health");
        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal("unknown", before.Json.Str("health"));
        Assert.Empty(before.Json["members"]!.AsArray());

        await api.PublishAsync(Worker.Health(id, 3, "healthy", Worker.Primary("pg-0"), Worker.Replica("pg-1", synchronous: true)));
        var after = await Eventually.GetAsync(() => tenant.Api.GetAsync($"/v1/instances/{id}/health"), r => r.Json.Str("health") == "healthy", "health");

        Assert.Equal("pg-0", after.Json.Str("currentPrimary"));
        Assert.True(after.Json["synchronouslyDurable"]!.GetValue<bool>());
        Assert.Equal([("pg-0", "primary", false), ("pg-1", "replica", true)],
            after.Json["members"]!.AsArray().Select(m => (m!.Str("name"), m!.Str("role"), m!["synchronous"]!.GetValue<bool>())));
    }
}
