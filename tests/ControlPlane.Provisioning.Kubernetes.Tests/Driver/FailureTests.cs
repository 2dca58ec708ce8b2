using ControlPlane.Provisioning.Kubernetes.Tests.Support;
using k8s.Autorest;

namespace ControlPlane.Provisioning.Kubernetes.Tests.Driver;

public sealed class FailureTests
{
    [Fact]
    public async Task Should_retry_throttling_and_server_errors_and_still_become_ready()
    {
        await using var h = await DriverHarness.StartAsync();
        var instance = TestInstances.Create();
        h.Api.FailNextRequests(2, 429, "/statefulsets", "POST");
        h.Api.FailNextRequests(2, 500, "/secrets", "POST");
        h.Api.FailNextRequests(1, 503, "/pods");

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.True(result.Ready, result.Message);
        Assert.Equal(0, h.Api.PendingFaults);
        Assert.Equal(3, h.Api.CountRequests("POST", "/statefulsets"));
        Assert.Single(h.Api.ListObjects("statefulsets", h.Namespace(instance)));
    }

    [Fact]
    public async Task Should_throw_when_the_api_server_keeps_failing_so_the_caller_retries_later()
    {
        await using var h = await DriverHarness.StartAsync();
        h.Api.FailNextRequests(100, 503, "/statefulsets");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => h.Driver.ReconcileAsync(TestInstances.Create(), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.Response.StatusCode);

        // A new instance's StatefulSet is created without a read first: the first try and ApiRetryAttempts (4) more.
        Assert.Equal(5, h.Api.CountRequests("POST", "/statefulsets"));
    }

    [Fact]
    public async Task Should_report_a_forbidden_write_as_a_readable_permanent_failure()
    {
        await using var h = await DriverHarness.StartAsync();
        h.Api.FailNextRequests(1, 403, "/statefulsets", "POST");

        var result = await h.Driver.ReconcileAsync(TestInstances.Create(), CancellationToken.None);

        Assert.False(result.Ready);
        Assert.Equal("statefulset", result.Step);
        Assert.Contains("403", result.PermanentFailure, StringComparison.Ordinal);
        Assert.Contains("injected fault", result.PermanentFailure, StringComparison.Ordinal);
        Assert.Equal(1, h.Api.CountRequests("POST", "/statefulsets"));
    }

    [Fact]
    public async Task Should_refuse_a_restore_it_cannot_do_on_the_instance_and_create_nothing()
    {
        await using var h = await DriverHarness.StartAsync();
        var source = Guid.NewGuid();
        var instance = TestInstances.Create() with { Source = new Provisioning.Backups.RestoreSource(source, DateTimeOffset.UtcNow) };

        var result = await h.Driver.ReconcileAsync(instance, CancellationToken.None);

        Assert.False(result.Ready);
        Assert.Equal("restore", result.Step);
        Assert.Contains(source.ToString(), result.PermanentFailure, StringComparison.Ordinal);
        Assert.Equal(0, h.Api.CountRequests("POST"));
    }
}
