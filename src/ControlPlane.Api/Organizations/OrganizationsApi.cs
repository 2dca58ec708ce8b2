using ControlPlane.Api.Audit;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Organizations;

/// <summary>Organisations and their API keys. Keys are shown once, when created; only their hashes are stored.</summary>
public static class OrganizationsApi
{
    public static IEndpointRouteBuilder MapOrganizationEndpoints(this IEndpointRouteBuilder routes)
    {
        var orgs = routes.MapGroup("/v1/organizations").WithTags("Organizations").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        orgs.MapPost("/", CreateAsync).WithName("CreateOrganization").WithSummary("Create an organisation and its first member key (support only).")
            .WithDescription("The first member key (apiKey) is in this answer only: only its hash is stored.")
            .RequireAuthorization(Policies.Support).Validate<CreateOrganizationRequest>().WithRequestExample(WalkthroughExamples.CreateOrganization);
        orgs.MapGet("/", ListAsync).WithName("ListOrganizations").WithSummary("Every organisation, oldest first, with cursor pagination (support only).")
            .RequireAuthorization(Policies.Support).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orgs.MapPost("/{id:guid}/api-keys", CreateKeyAsync).WithName("CreateApiKey").WithSummary("Create another key for the organisation, optionally expiring; refused once the organisation holds the most keys allowed.")
            .Validate<CreateApiKeyRequest>().WithRequestExample(WalkthroughExamples.CreateApiKey)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        orgs.MapGet("/{id:guid}/api-keys", ListKeysAsync).WithName("ListApiKeys")
            .WithSummary("The organisation's unrevoked keys: name, role, prefix, created, last used, expiry; never the secret.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var keys = routes.MapGroup("/v1/api-keys").WithTags("Organizations").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        keys.MapGet("/{id:guid}", GetKeyAsync).WithName("GetApiKey").WithSummary("Read an unrevoked key (members: their organisation's; support: any); never the secret.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapDelete("/{id:guid}", RevokeKeyAsync).WithName("RevokeApiKey").WithSummary("Revoke a key (support may revoke support keys); it stops working at once on every API process.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Created<OrganizationCreatedResponse>> CreateAsync(
        CreateOrganizationRequest request, HttpContext http, ControlPlaneDbContext db, AuditLog audit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var now = timeProvider.GetUtcNow();
        var organization = Organization.Create(request.Name!.Trim(), now);
        var (apiKey, secret) = ApiKey.Issue(organization.Id, ApiKeyRole.Member, "initial", now);
        db.Organizations.Add(organization);
        db.ApiKeys.Add(apiKey);
        audit.Record(caller, "organization.create", organization.Id, null, new { organization.Name });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/v1/organizations/{organization.Id}",
            new OrganizationCreatedResponse(organization.Id, organization.Name, organization.CreatedAt, apiKey.Id, secret));
    }

    public static async Task<Results<Created<ApiKeyCreatedResponse>, ProblemHttpResult>> CreateKeyAsync(
        Guid id, CreateApiKeyRequest request, HttpContext http, ApiKeyIssuer issuer, CancellationToken cancellationToken) =>
        await issuer.IssueMemberKeyAsync(Caller.From(http.User), id, request.Name ?? "key", request.ExpiresAt, cancellationToken) switch
        {
            KeyOutcome.Issued issued => TypedResults.Created($"/v1/api-keys/{issued.Key.Id}", issued.Key.ToCreated(issued.Secret)),
            var refusal => KeyProblems.From(refusal),
        };

    public static async Task<Results<Ok<ApiKeyListResponse>, ProblemHttpResult>> ListKeysAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (!caller.CanSee(id) || !await db.Organizations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            return Problems.NotFound($"Organization {id}");
        }

        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.OrganizationId == id && k.RevokedAt == null).OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ApiKeyListResponse([.. keys.Select(k => k.ToResponse())]));
    }

    public static async Task<Results<Ok<Page<OrganizationSummaryResponse>>, ProblemHttpResult>> ListAsync(
        ControlPlaneDbContext db, int? pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        if (PagingProblems.Check(pageSize, PageTokens.TryDecode(pageToken, out Guid after)) is { } problem)
        {
            return problem;
        }

        var size = pageSize ?? PageTokens.DefaultPageSize;
        var rows = await db.Organizations.AsNoTracking().Where(o => o.Id > after).OrderBy(o => o.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? PageTokens.Encode(rows[size - 1].Id) : null;
        return TypedResults.Ok(new Page<OrganizationSummaryResponse>([.. rows.Take(size).Select(o => new OrganizationSummaryResponse(o.Id, o.Name, o.CreatedAt))], next));
    }

    /// <summary>Visible as for revoking: a member key to its organisation, a support key to support only; a revoked key is gone.</summary>
    public static async Task<Results<Ok<ApiKeyResponse>, ProblemHttpResult>> GetKeyAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id && k.RevokedAt == null, cancellationToken);
        var visible = key is not null && (key.OrganizationId is { } orgId ? caller.CanSee(orgId) : caller.IsSupport);
        return visible ? TypedResults.Ok(key!.ToResponse()) : Problems.NotFound($"API key {id}");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(
        Guid id, HttpContext http, ApiKeyIssuer issuer, CancellationToken cancellationToken) =>
        await issuer.RevokeAsync(Caller.From(http.User), id, cancellationToken) switch
        {
            KeyOutcome.Revoked => TypedResults.NoContent(),
            var refusal => KeyProblems.From(refusal),
        };
}
