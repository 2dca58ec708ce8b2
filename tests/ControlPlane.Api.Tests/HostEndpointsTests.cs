using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

public sealed class HostEndpointsTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Should_list_plans_versions_and_regions()
    {
        var tenant = await api.CreateTenantAsync();

        var response = await tenant.Api.GetAsync("/v1/plans");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var plans = response.Json["items"]!.AsArray();
        Assert.Contains(plans, p => p!["name"]!.GetValue<string>() == "small" && p["maxStorageGb"]!.GetValue<int>() == 500);
        Assert.Equal([15, 16, 17], response.Json["postgresVersions"]!.AsArray().Select(v => v!.GetValue<int>()));
        Assert.Equal([api.Region], response.Json["regions"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("cpk_not-a-key")]
    [InlineData("")]
    public async Task Should_answer_401_problem_details_without_a_valid_key(string? key)
    {
        var response = await new ApiClient(api.Http, key).GetAsync("/v1/plans");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("application/problem+json", response.ContentType);
        Assert.Equal("Bearer", Assert.Single(response.Message.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Should_report_live_and_ready()
    {
        var live = await api.Anonymous.GetAsync("/healthz");
        var ready = await api.Anonymous.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, live.Status);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("Healthy", ready.Json["checks"]!["metadata-db"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Should_expose_the_outbox_backlog_and_operations_in_prometheus_metrics()
    {
        var tenant = await api.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Api.PostAsync("/v1/instances", api.NewInstance())).Status);

        var response = await api.Anonymous.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains("controlplane_outbox_backlog", response.Text, StringComparison.Ordinal);
        Assert.Contains("controlplane_operations_accepted", response.Text, StringComparison.Ordinal);
        Assert.Contains("controlplane_broker_connected", response.Text, StringComparison.Ordinal);
    }
}
