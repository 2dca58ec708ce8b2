using ControlPlane.Api.Audit;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Instances.Quotas;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Quotas;

/// <summary>An organisation with its quotas and usage; support staff set an organisation's own limits.</summary>
public static class OrganizationQuotasApi
{
    public static IEndpointRouteBuilder MapOrganizationQuotaEndpoints(this IEndpointRouteBuilder routes)
    {
        var orgs = routes.MapGroup("/v1/organizations").WithTags("Organizations").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        orgs.MapGet("/{id:guid}", GetAsync).WithName("GetOrganization")
            .WithSummary("The organisation with its quotas (instances, GB of volume over all members) and what it uses of them.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        orgs.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateOrganization")
            .WithSummary("Set the organisation's own quotas (support only, audited); a quota left out keeps its value.")
            .RequireAuthorization(Policies.Support).Validate<UpdateOrganizationRequest>()
            .AcceptsMergePatch<UpdateOrganizationRequest>().WithRequestExample(WalkthroughExamples.UpdateOrganization)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    public static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, OrganizationQuotas quotas, CancellationToken cancellationToken)
    {
        var organization = Caller.From(http.User).CanSee(id)
            ? await db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken)
            : null;
        return organization is null
            ? Problems.NotFound($"Organization {id}")
            : TypedResults.Ok(await ResponseAsync(organization, quotas, cancellationToken));
    }

    public static async Task<Results<Ok<OrganizationResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id, UpdateOrganizationRequest request, HttpContext http, ControlPlaneDbContext db, OrganizationQuotas quotas, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (organization is null)
        {
            return Problems.NotFound($"Organization {id}");
        }

        var before = new { organization.MaxInstances, organization.MaxStorageGb };
        organization.SetQuotas(request.Quotas!.MaxInstances, request.Quotas.MaxStorageGb);
        audit.Record(Caller.From(http.User), "organization.quotas", id, null,
            new { from = before, to = new { organization.MaxInstances, organization.MaxStorageGb } });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(await ResponseAsync(organization, quotas, cancellationToken));
    }

    private static async Task<OrganizationResponse> ResponseAsync(Organization organization, OrganizationQuotas quotas, CancellationToken cancellationToken)
    {
        var limits = quotas.LimitsOf(organization);
        var usage = await quotas.UsageAsync(organization.Id, cancellationToken);
        return new OrganizationResponse(
            organization.Id,
            organization.Name,
            organization.CreatedAt,
            new QuotasResponse(
                new QuotaResponse(limits.Instances, usage.Instances, organization.MaxInstances is null),
                new QuotaResponse(limits.StorageGb, usage.StorageGb, organization.MaxStorageGb is null)));
    }
}
