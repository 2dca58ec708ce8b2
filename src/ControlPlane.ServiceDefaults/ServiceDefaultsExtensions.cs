using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ControlPlane.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>The OpenTelemetry SDK's standard setting; traces are exported to it over OTLP when it is set.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>TimeProvider, problem details, health checks, OpenTelemetry metrics (Prometheus) and traces (OTLP, when configured).</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName, params string[] meters)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                m.AddMeter(meters);
                m.AddPrometheusExporter();
            });

        // Traces are recorded only when there is somewhere to send them: spans built and then dropped cost every
        // request a few percent of its CPU on the read path. The standard OTEL_EXPORTER_OTLP_* settings choose the collector.
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]))
        {
            telemetry.WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/metrics"));
                t.AddHttpClientInstrumentation();
                // MassTransit's and the outbox's own sources, so a request's trace continues onto the bus.
                t.AddSource("MassTransit", "ControlPlane.Outbox", serviceName);
                t.AddOtlpExporter();
            });
        }

        return builder;
    }

    /// <summary>
    /// /healthz (process alive), /readyz (dependencies; each check's description only for callers
    /// <paramref name="showDetails"/> admits, nobody by default) and /metrics.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, Func<HttpContext, bool>? showDetails = null)
    {
        showDetails ??= _ => false;
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => !c.Tags.Contains(LiveTag),
            ResponseWriter = (context, report) => HealthReportWriter.WriteAsync(context, report, showDetails),
        }).AllowAnonymous();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        return app;
    }
}
