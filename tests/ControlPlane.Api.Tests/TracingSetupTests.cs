using ControlPlane.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace ControlPlane.Api.Tests;

public sealed class TracingSetupTests
{
    [Fact]
    public void Should_record_no_traces_when_no_collector_is_configured()
    {
        using var host = Build(endpoint: null);

        Assert.Null(host.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void Should_trace_and_export_over_otlp_when_a_collector_is_configured()
    {
        using var host = Build(endpoint: "http://127.0.0.1:4317");

        Assert.NotNull(host.Services.GetService<TracerProvider>());
    }

    private static IHost Build(string? endpoint)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (endpoint is not null)
        {
            builder.Configuration[ServiceDefaultsExtensions.OtlpEndpointSetting] = endpoint;
        }

        builder.AddServiceDefaults("controlplane-test");
        return builder.Build();
    }
}
