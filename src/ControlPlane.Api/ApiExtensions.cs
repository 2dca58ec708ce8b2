using System.Diagnostics.Metrics;
using ControlPlane.Api.Audit;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Backups;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Api.Infrastructure.OpenApi;
using ControlPlane.Api.Instances;
using ControlPlane.Api.Operations;
using ControlPlane.Api.Options;
using ControlPlane.Api.Organizations;
using ControlPlane.Api.Plans;
using ControlPlane.Api.Quotas;
using ControlPlane.Persistence;
using FluentValidation;
using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ControlPlane.Api;

public static class ApiExtensions
{
    public const string MeterName = "ControlPlane.Api";

    public static IHostApplicationBuilder AddControlPlaneApi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName)
            .Validate(o => builder.Environment.IsDevelopment() || o.BootstrapSupportKey is null || o.BootstrapSupportKey.Length >= 32,
                "Outside Development the bootstrap support key must be at least 32 characters.")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        // A chunked body has no Content-Length to check up front; the server cuts it off at the same limit.
        services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<RequestLimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes);
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<FailedAuthenticationLimiter>();
        services.AddSingleton<KeyUsage>();
        services.AddSingleton<ApiKeyRevocationListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyRevocationListener>());
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Support, p => p.RequireClaim(Caller.RoleClaim, nameof(Persistence.Entities.ApiKeyRole.Support)));
        services.AddPerKeyRateLimiting();
        services.AddValidatorsFromAssemblyContaining<CreateInstanceValidator>(ServiceLifetime.Singleton);
        // Errors name fields as the JSON does (highAvailability.replicas), not as C# does.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        // Outside Development minimal APIs answer binding failures with a bare 400; throwing lets the handler below name
        // the field in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DatabaseExceptionHandler>();
        services.AddScoped<AuditLog>();
        services.AddInstanceCommands();
        services.AddScoped<ApiKeyIssuer>();
        services.AddOpenApi("v1", o => o
            .AddDocumentTransformer<OpenApiDocumentInfo>()
            .AddDocumentTransformer<ContractSchemas>()
            .AddOperationTransformer<OperationHeaders>()
            .AddOperationTransformer<OperationParameters>()
            .AddOperationTransformer<OperationSecurity>()
            .AddOperationTransformer<RequestExamples>()
            .AddOperationTransformer<ResponseDescriptions>());
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.RespectNullableAnnotations = false;
            // Numbers are JSON numbers: "16" for postgresVersion is a 400 naming the field, and the document says integer.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
        });

        services.AddHealthChecks()
            .AddNpgSql(builder.Configuration.GetConnectionString(PersistenceExtensions.ConnectionStringName)!, name: "metadata-db", tags: ["ready"]);
        // The broker's state is reported (degraded) but never makes the API unready: the outbox accepts work without it.
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            foreach (var registration in o.Registrations.Where(r => r.Name.Contains("masstransit", StringComparison.OrdinalIgnoreCase)))
            {
                registration.FailureStatus = HealthStatus.Degraded;
            }
        });
        services.AddSingleton<BrokerMetrics>();
        return builder;
    }

    /// <summary>Support staff see why a dependency is unready; anyone else only that it is.</summary>
    public static bool IsSupportCaller(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && Caller.From(http.User).IsSupport;

    public static WebApplication UseControlPlaneApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestBodyLimit>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.Services.GetRequiredService<BrokerMetrics>();

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            app.UseSwaggerUI(o => o.SwaggerEndpoint("/openapi/v1.json", "ControlPlane v1"));
        }

        var v1 = app.MapGroup("").AddEndpointFilterFactory(UnsafeTextFilter.Create).AddEndpointFilter<SupportAccessAudit>();
        ((IEndpointConventionBuilder)v1).Finally(EdgeResponses.Describe);
        v1.MapPlanEndpoints();
        v1.MapInstanceEndpoints();
        v1.MapInstanceActionEndpoints();
        v1.MapBackupEndpoints();
        v1.MapOperationEndpoints();
        v1.MapOrganizationEndpoints();
        v1.MapOrganizationQuotaEndpoints();
        v1.MapSupportKeyEndpoints();
        v1.MapAuditEndpoints();
        return app;
    }
}
