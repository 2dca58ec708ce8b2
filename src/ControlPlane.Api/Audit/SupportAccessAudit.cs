using ControlPlane.Api.Auth;

namespace ControlPlane.Api.Audit;

/// <summary>Every support action is audited, reads included: staff access to customer data leaves a trace.</summary>
public sealed class SupportAccessAudit : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var result = await next(context);
        if (http.User.Identity?.IsAuthenticated == true && Caller.From(http.User) is { IsSupport: true } caller &&
            HttpMethods.IsGet(http.Request.Method) && !http.Request.Path.StartsWithSegments("/v1/audit"))
        {
            var db = http.RequestServices.GetRequiredService<Persistence.ControlPlaneDbContext>();
            var audit = http.RequestServices.GetRequiredService<AuditLog>();
            var instanceId = http.Request.RouteValues.TryGetValue("id", out var id) && Guid.TryParse(id?.ToString(), out var parsed) ? parsed : (Guid?)null;
            audit.Record(caller, "support.read", null, instanceId, new { path = http.Request.Path.Value });
            await db.SaveChangesAsync(http.RequestAborted);
        }

        return result;
    }
}
