using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Operations;

/// <summary>Operations: the accepted changes, one by one, per instance, or all of an organisation's.</summary>
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/operations").WithTags("Operations").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        group.MapGet("/", ListAsync).WithName("ListOperations")
            .WithSummary("The organisation's operations, oldest first, with cursor pagination; filter by status and type (support: every organisation's, or one's with ?organizationId=).")
            .WithParameterWords("status", ContractWords.OperationStatuses).WithParameterWords("type", ContractWords.OperationTypes)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetOperation").WithSummary("Progress and outcome of an accepted request.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var ofInstance = routes.MapGroup("/v1/instances/{id:guid}/operations").WithTags("Operations").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        ofInstance.MapGet("/", ListForInstanceAsync).WithName("ListInstanceOperations")
            .WithSummary("The instance's operations, oldest first, with cursor pagination; filter by status and type.")
            .WithParameterWords("status", ContractWords.OperationStatuses).WithParameterWords("type", ContractWords.OperationTypes)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return routes;
    }

    public static async Task<Results<Ok<OperationResponse>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var operation = await db.Operations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        return operation is not null && caller.CanSee(operation.OrganizationId)
            ? TypedResults.Ok(operation.ToResponse())
            : Problems.NotFound($"Operation {id}");
    }

    public static async Task<Results<Ok<Page<OperationResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, ControlPlaneDbContext db, int? pageSize, string? pageToken, string? status, string? type, Guid? organizationId,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (OperationFilter.Parse(pageSize, pageToken, status, type, out var filter) is { } problem)
        {
            return problem;
        }

        // A member key always names its organisation; without one nothing is visible (never "everything").
        var scope = caller.IsSupport ? organizationId : caller.OrganizationId ?? Guid.Empty;
        var query = db.Operations.AsNoTracking();
        if (scope is { } org)
        {
            query = query.Where(o => o.OrganizationId == org);
        }

        return TypedResults.Ok(await filter.PageAsync(query, cancellationToken));
    }

    public static async Task<Results<Ok<Page<OperationResponse>>, ProblemHttpResult>> ListForInstanceAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, int? pageSize, string? pageToken, string? status, string? type,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (OperationFilter.Parse(pageSize, pageToken, status, type, out var filter) is { } problem)
        {
            return problem;
        }

        // Another organisation's instance answers exactly like a missing one.
        var instances = db.Instances.AsNoTracking().Where(i => i.Id == id);
        if (!caller.IsSupport)
        {
            var own = caller.OrganizationId ?? Guid.Empty;
            instances = instances.Where(i => i.OrganizationId == own);
        }

        if (!await instances.AnyAsync(cancellationToken))
        {
            return Problems.NotFound($"Instance {id}");
        }

        return TypedResults.Ok(await filter.PageAsync(db.Operations.AsNoTracking().Where(o => o.InstanceId == id), cancellationToken));
    }
}
