using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>A readiness check that fails the way a database check does: its description names a host and an error.</summary>
public sealed class FailingReadinessFixture : ApiFixture
{
    public const string Leak = "db-7.internal.example:5432";

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddHealthChecks().AddCheck("dependency", () => HealthCheckResult.Unhealthy(
            $"Failed to connect to {Leak}: Connection refused", new InvalidOperationException("Npgsql.NpgsqlException at " + Leak)), tags: ["ready"]);
}
