using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

/// <summary>The status follows what the worker observes, even after an operation failed at its deadline.</summary>
public sealed class ObservedRealityTests(ShortDeadlineFixture api) : IClassFixture<ShortDeadlineFixture>
{
    [Fact]
    public async Task Should_make_an_instance_available_when_it_is_reported_ready_after_its_operation_failed_at_the_deadline()
    {
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Api.PostAsync("/v1/instances", api.NewInstance());
        var id = created.Json.Id();
        await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "failed", "failed at the deadline");

        await api.PublishAsync(Worker.Ready(id, generation: 1, sequence: 1));
        var ready = await Worker.WaitForInstanceAsync(tenant.Api, id, i => i.Str("status") == "available", "available");

        Assert.Equal("The instance is running and matches its newest spec.", ready.Str("statusReason"));
        var conditions = ready["conditions"]!.AsArray();
        Assert.Equal("True", conditions.Single(c => c!.Str("type") == "Reconciled")!.Str("status"));
        Assert.NotEqual("Failed", conditions.Single(c => c!.Str("type") == "Ready")!.Str("reason"));
        // The operation keeps its outcome: it did fail at its deadline.
        Assert.Equal("failed", (await tenant.Api.GetAsync(created.Location!)).Json.Str("status"));
    }
}
