using ControlPlane.Api.Audit;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ControlPlane.Api.Organizations;

/// <summary>Organisations and their API keys. Keys are shown once, when created; only their hashes are stored.</summary>
public static class OrganizationsApi
{
    public static IEndpointRouteBuilder MapOrganizationEndpoints(this IEndpointRouteBuilder routes)
    {
        var orgs = routes.MapGroup("/v1/organizations").WithTags("Organizations").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        orgs.MapPost("/", CreateAsync).WithName("CreateOrganization").WithSummary("Create an organisation and its first member key (support only).")
            .RequireAuthorization(Policies.Support).Validate<CreateOrganizationRequest>();
        orgs.MapPost("/{id:guid}/api-keys", CreateKeyAsync).WithName("CreateApiKey").WithSummary("Create another key for the organisation.")
            .Validate<CreateApiKeyRequest>();

        var keys = routes.MapGroup("/v1/api-keys").WithTags("Organizations").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        keys.MapDelete("/{id:guid}", RevokeKeyAsync).WithName("RevokeApiKey").WithSummary("Revoke a key; it stops working at once.");
        return routes;
    }

    public static async Task<Created<OrganizationCreatedResponse>> CreateAsync(
        CreateOrganizationRequest request, HttpContext http, ControlPlaneDbContext db, AuditLog audit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var now = timeProvider.GetUtcNow();
        var organization = Organization.Create(request.Name!.Trim(), now);
        var key = ApiKeys.Generate();
        var apiKey = ApiKey.Create(organization.Id, ApiKeyRole.Member, "initial", ApiKeys.Hash(key), ApiKeys.DisplayPrefix(key), now);
        db.Organizations.Add(organization);
        db.ApiKeys.Add(apiKey);
        audit.Record(caller, "organization.create", organization.Id, null, new { organization.Name });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/organizations/{organization.Id}",
            new OrganizationCreatedResponse(organization.Id, organization.Name, organization.CreatedAt, apiKey.Id, key));
    }

    public static async Task<Results<Created<ApiKeyCreatedResponse>, ProblemHttpResult>> CreateKeyAsync(
        Guid id, CreateApiKeyRequest request, HttpContext http, ControlPlaneDbContext db, AuditLog audit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.CanSee(id) || !await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return Problems.NotFound($"Organization {id}");
        }

        var key = ApiKeys.Generate();
        var apiKey = ApiKey.Create(id, ApiKeyRole.Member, request.Name ?? "key", ApiKeys.Hash(key), ApiKeys.DisplayPrefix(key), timeProvider.GetUtcNow());
        db.ApiKeys.Add(apiKey);
        audit.Record(caller, "apikey.create", id, null, new { apiKey.Id, apiKey.Name });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/api-keys/{apiKey.Id}", new ApiKeyCreatedResponse(apiKey.Id, id, apiKey.Name, apiKey.Prefix, apiKey.CreatedAt, key));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, AuditLog audit, IMemoryCache cache, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var apiKey = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (apiKey?.OrganizationId is not { } orgId || !caller.CanSee(orgId))
        {
            return Problems.NotFound($"API key {id}");
        }

        apiKey.Revoke(timeProvider.GetUtcNow());
        audit.Record(caller, "apikey.revoke", orgId, null, new { apiKey.Id });
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove("apikey:" + Convert.ToHexString(apiKey.KeyHash));
        return TypedResults.NoContent();
    }
}
