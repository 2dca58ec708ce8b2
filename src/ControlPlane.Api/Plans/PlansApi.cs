using ControlPlane.Api.Infrastructure;
using ControlPlane.Instances;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Plans;

public static class PlansApi
{
    public static RouteGroupBuilder MapPlanEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/plans").WithTags("Catalog").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        group.MapGet("/", List).WithName("ListPlans").WithSummary("The size catalogue.");
        return group;
    }

    public static Ok<PlanListResponse> List(IOptions<CatalogOptions> catalog) =>
        TypedResults.Ok(new PlanListResponse(
            [.. catalog.Value.EffectivePlans.Select(p => new PlanResponse(p.Name, p.VCpu, p.MemoryMb, p.DefaultStorageGb, p.MaxStorageGb))],
            catalog.Value.EffectivePostgresVersions,
            catalog.Value.EffectiveRegions));
}
