using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ControlPlane.ServiceDefaults;

/// <summary>
/// Writes each check's state, so /readyz tells which dependency is degraded (e.g. the broker). Why (a check's
/// description, which can carry exception text and host names) only for callers <paramref name="showDetails"/> admits.
/// </summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report, Func<HttpContext, bool> showDetails)
    {
        var details = showDetails(context);
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = details ? e.Value.Description : null }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}
