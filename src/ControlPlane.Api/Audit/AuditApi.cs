using ControlPlane.Api.Auth;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Audit;

public static class AuditApi
{
    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/audit").WithTags("Support").RequireAuthorization(Policies.Support).RequireRateLimiting(RateLimiting.PolicyName);
        group.MapGet("/", ListAsync).WithName("ListAudit").WithSummary("Who did what, when, to which instance (support only), newest first; each read is itself audited.")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<Ok<Page<AuditEntryResponse>>, ProblemHttpResult>> ListAsync(
        ControlPlaneDbContext db, int? pageSize, string? pageToken, Guid? organizationId, Guid? instanceId, string? action, CancellationToken cancellationToken)
    {
        if (PagingProblems.Check(pageSize, PageTokens.TryDecode(pageToken, out long before)) is { } problem)
        {
            return problem;
        }

        var query = db.AuditLog.AsNoTracking().Where(a => a.Id < before);
        if (organizationId is { } org)
        {
            query = query.Where(a => a.OrganizationId == org);
        }

        if (instanceId is { } instance)
        {
            query = query.Where(a => a.InstanceId == instance);
        }

        if (action is not null)
        {
            query = query.Where(a => a.Action == action);
        }

        var size = pageSize ?? PageTokens.DefaultPageSize;
        var rows = await query.OrderByDescending(a => a.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? PageTokens.Encode(rows[size - 1].Id) : null;
        return TypedResults.Ok(new Page<AuditEntryResponse>(
            [.. rows.Take(size).Select(a => new AuditEntryResponse(a.Id, a.At, a.ActorKeyId, a.ActorRole, a.ActorName, a.OrganizationId, a.InstanceId, a.Action, a.Detail))],
            next));
    }
}
