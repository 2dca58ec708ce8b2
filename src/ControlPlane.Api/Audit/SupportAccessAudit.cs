using ControlPlane.Api.Auth;
using ControlPlane.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Audit;

/// <summary>
/// Every support read is audited with the organisation it touched, reads of the audit log itself included: staff access
/// to customer data leaves a trace that names the person (the key) and the customer.
/// </summary>
public sealed class SupportAccessAudit : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await next(context);
        if (http.User.Identity?.IsAuthenticated == true && Caller.From(http.User) is { IsSupport: true } caller && HttpMethods.IsGet(http.Request.Method))
        {
            var db = http.RequestServices.GetRequiredService<ControlPlaneDbContext>();
            var audit = http.RequestServices.GetRequiredService<AuditLog>();
            var routeId = http.Request.RouteValues.TryGetValue("id", out var id) && Guid.TryParse(id?.ToString(), out var parsed) ? parsed : (Guid?)null;
            var path = http.Request.Path;
            var isInstance = path.StartsWithSegments("/v1/instances") && routeId is not null;
            var organizationId = await OrganizationTouchedAsync(db, http, routeId, http.RequestAborted);
            var action = path.StartsWithSegments("/v1/audit") ? "audit.read" : "support.read";
            audit.Record(caller, action, organizationId, isInstance ? routeId : null, new { path = path.Value, query = http.Request.QueryString.Value });
            await db.SaveChangesAsync(http.RequestAborted);
        }

        return result;
    }

    /// <summary>The organisation whose data the read returned: the resource's owner, or the organisation a list was filtered to.</summary>
    private static async Task<Guid?> OrganizationTouchedAsync(ControlPlaneDbContext db, HttpContext http, Guid? routeId, CancellationToken cancellationToken)
    {
        var path = http.Request.Path;
        if (routeId is { } id)
        {
            if (path.StartsWithSegments("/v1/organizations"))
            {
                return id;
            }

            if (path.StartsWithSegments("/v1/instances"))
            {
                return await db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => (Guid?)i.OrganizationId).SingleOrDefaultAsync(cancellationToken);
            }

            if (path.StartsWithSegments("/v1/operations"))
            {
                return await db.Operations.AsNoTracking().Where(o => o.Id == id).Select(o => (Guid?)o.OrganizationId).SingleOrDefaultAsync(cancellationToken);
            }
        }

        return Guid.TryParse(http.Request.Query["organizationId"], out var filtered) ? filtered : null;
    }
}
