using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

public sealed class OperationDeadlineTests(ShortDeadlineFixture api) : IClassFixture<ShortDeadlineFixture>
{
    [Fact]
    public async Task Should_fail_an_operation_nobody_finished_by_its_deadline()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        Assert.Equal("provisioning", created.Json.Str("status"));

        var operation = await Eventually.GetAsync(() => tenant.Api.GetAsync(created.Location!), r => r.Json.Str("status") == "failed", "the deadline to pass");

        Assert.Equal("DeadlineExceeded", operation.Json["error"]!.Str("title"));
        Assert.Contains("deadline", operation.Json["error"]!.Str("detail"), StringComparison.Ordinal);
        var instance = await tenant.Api.GetAsync($"/v1/instances/{created.Json.Id()}");
        Assert.Equal("failed", instance.Json.Str("status"));
        Assert.Contains("deadline", instance.Json.Str("statusReason"), StringComparison.Ordinal);
    }
}
