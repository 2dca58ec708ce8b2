namespace ControlPlane.Architecture.Tests;

/// <summary>
/// The dependency rules the README states (the project table, "Where each part lives" and "Where the rules behind the
/// API live"): dependencies point inward, the API never reaches the drivers, the use cases know nothing of HTTP,
/// storage runs nothing of its own, and the worker reads through its own statements, not the API's storage.
/// </summary>
public sealed class DependencyRulesTests
{
    private static readonly string[] Ours =
    [
        "ControlPlane.Api", "ControlPlane.Instances", "ControlPlane.Persistence", "ControlPlane.Recording", "ControlPlane.Security",
        "ControlPlane.Provisioning", "ControlPlane.Worker", "ControlPlane.ServiceDefaults",
    ];

    [Fact]
    public void Should_see_the_dependencies_it_checks()
    {
        // A rule engine that saw nothing would pass every rule below.
        Assert.False(Layer.Of("ControlPlane.Api").ShouldNot().HaveDependencyOn("ControlPlane.Instances").GetResult().IsSuccessful);
    }

    [Fact]
    public void Should_keep_the_domain_free_of_everything_else_of_ours() =>
        Layer.Holds(Layer.Of("ControlPlane.Domain").ShouldNot().HaveDependencyOnAny([.. Ours, "ControlPlane.Contracts"]));

    [Fact]
    public void Should_keep_the_bus_contracts_free_of_everything_else_of_ours() =>
        Layer.Holds(Layer.Of("ControlPlane.Contracts").ShouldNot().HaveDependencyOnAny([.. Ours, "ControlPlane.Domain"]));

    [Fact]
    public void Should_keep_the_api_away_from_the_drivers_and_the_worker() =>
        // The API writes desired state and publishes; the provisioning projects are the worker's.
        Layer.Holds(Layer.Of("ControlPlane.Api").ShouldNot().HaveDependencyOnAny("ControlPlane.Provisioning", "ControlPlane.Worker"));

    [Fact]
    public void Should_keep_http_out_of_the_use_cases() =>
        Layer.Holds(Layer.Of("ControlPlane.Instances").ShouldNot().HaveDependencyOnAny("Microsoft.AspNetCore", "ControlPlane.Api"));

    [Fact]
    public void Should_keep_the_bus_and_the_layers_above_out_of_storage() =>
        Layer.Holds(Layer.Of("ControlPlane.Persistence").ShouldNot()
            .HaveDependencyOnAny("MassTransit", "RabbitMQ", "ControlPlane.Recording", "ControlPlane.Instances", "ControlPlane.Api"));

    [Fact]
    public void Should_keep_the_recording_free_of_the_use_cases_and_the_api() =>
        Layer.Holds(Layer.Of("ControlPlane.Recording").ShouldNot().HaveDependencyOnAny("ControlPlane.Instances", "ControlPlane.Api"));

    [Theory]
    [InlineData("ControlPlane.Worker")]
    [InlineData("ControlPlane.Provisioning")]
    [InlineData("ControlPlane.Provisioning.Kubernetes")]
    [InlineData("ControlPlane.Provisioning.Local")]
    public void Should_keep_the_worker_side_off_the_apis_storage(string assembly) =>
        // The worker reads two views through a role of its own, with statements in ControlPlane.Provisioning.
        Layer.Holds(Layer.Of(assembly).ShouldNot()
            .HaveDependencyOnAny("ControlPlane.Persistence", "ControlPlane.Recording", "ControlPlane.Instances", "ControlPlane.Api"));
}
