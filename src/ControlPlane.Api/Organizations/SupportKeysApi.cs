using ControlPlane.Api.Auth;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Organizations;

/// <summary>
/// Named support keys, one per person, so the audit says who did it. Created by support (the bootstrap key at first) or
/// by the migrator's create-support-key command; revoked with DELETE /v1/api-keys/{id}.
/// </summary>
public static class SupportKeysApi
{
    public static IEndpointRouteBuilder MapSupportKeyEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/support-keys").WithTags("Support").RequireAuthorization(Policies.Support).RequireRateLimiting(RateLimiting.PolicyName);
        group.MapPost("/", CreateAsync).WithName("CreateSupportKey").WithSummary("Create a support key named for the person who holds it (support only).")
            .Validate<CreateSupportKeyRequest>().WithRequestExample(WalkthroughExamples.CreateSupportKey).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListAsync).WithName("ListSupportKeys").WithSummary("The unrevoked support keys (support only); never the secret.");
        return routes;
    }

    public static async Task<Results<Created<ApiKeyCreatedResponse>, ProblemHttpResult>> CreateAsync(
        CreateSupportKeyRequest request, HttpContext http, ApiKeyIssuer issuer, CancellationToken cancellationToken) =>
        await issuer.IssueSupportKeyAsync(Caller.From(http.User), request.Name!.Trim(), request.ExpiresAt, cancellationToken) switch
        {
            KeyOutcome.Issued issued => TypedResults.Created($"/v1/api-keys/{issued.Key.Id}", issued.Key.ToCreated(issued.Secret)),
            var refusal => KeyProblems.From(refusal),
        };

    public static async Task<Ok<ApiKeyListResponse>> ListAsync(ControlPlaneDbContext db, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.Role == ApiKeyRole.Support && k.RevokedAt == null).OrderBy(k => k.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(new ApiKeyListResponse([.. keys.Select(k => k.ToResponse())]));
    }
}
