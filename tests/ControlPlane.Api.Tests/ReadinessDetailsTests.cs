using System.Net;
using ControlPlane.Api.Tests.Infrastructure;

namespace ControlPlane.Api.Tests;

public sealed class ReadinessDetailsTests(FailingReadinessFixture api) : IClassFixture<FailingReadinessFixture>
{
    [Fact]
    public async Task Should_tell_anonymous_callers_which_check_fails_but_not_why()
    {
        var response = await api.Anonymous.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("Unhealthy", response.Json["checks"]!["dependency"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain(FailingReadinessFixture.Leak, response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", response.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_tell_support_why_a_check_fails()
    {
        var response = await api.Support.GetAsync("/readyz");

        Assert.Contains(FailingReadinessFixture.Leak, response.Json["checks"]!["dependency"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
