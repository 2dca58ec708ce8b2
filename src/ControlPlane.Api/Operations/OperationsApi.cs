using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Operations;

public static class OperationsApi
{
    public static RouteGroupBuilder MapOperationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/operations").WithTags("Operations").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetOperation").WithSummary("Progress and outcome of an accepted request.");
        return group;
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
}
