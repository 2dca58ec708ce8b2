using ControlPlane.Api.Audit;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Api.Operations;
using ControlPlane.Domain.Instances;
using ControlPlane.Instances;
using ControlPlane.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Instances;

/// <summary>What one does to or reads about a running instance: switchover, credentials, health, events.</summary>
public static class InstanceActionsApi
{
    public static RouteGroupBuilder MapInstanceActionEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/instances/{id:guid}").WithTags("Instances").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        group.MapPost("/switchover", SwitchoverAsync).WithName("SwitchoverInstance").WithSummary("Hand the primary role to another member (HA only).")
            .WithDescription("Without targetMember Patroni chooses (the synchronous standby in synchronous mode). Refused with 409 while another operation runs or when the instance has a single member.")
            .WithRequestExample(WalkthroughExamples.Switchover);
        group.MapGet("/health", HealthAsync).WithName("GetInstanceHealth").WithSummary("Member roles, states, lag and timeline as last reported.");
        group.MapGet("/events", EventsAsync).WithName("ListInstanceEvents").WithSummary("Lifecycle, health, failover, switchover and primary restart events, newest first.")
            .WithParameterWords("type", ContractWords.EventTypes).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/connection", ConnectionAsync).WithName("GetInstanceConnection").WithSummary("How to connect, with credentials (every read is audited).")
            .WithResponseHeader(StatusCodes.Status200OK, "Cache-Control", "no-store: the body holds a password.");
        group.MapPost("/connection/rotate", RotateAsync).WithName("RotateInstanceCredentials").WithSummary("Issue a new password.");
        return group;
    }

    public static async Task<Results<Accepted<OperationResponse>, Refused<Problem404, Problem409, Problem422>>> SwitchoverAsync(
        Guid id, SwitchoverRequest? request, HttpContext http, InstanceCommands commands, CancellationToken cancellationToken)
    {
        var outcome = await commands.SwitchoverAsync(Caller.From(http.User).ToActor(), id, request?.TargetMember, cancellationToken);
        return outcome switch
        {
            ChangeOutcome.Accepted accepted => TypedResults.Accepted(OperationMapper.Location(accepted.Operation.Id), accepted.Operation.ToResponse()),
            Refusal refusal => new Refused<Problem404, Problem409, Problem422>(refusal),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }

    public static async Task<Results<Ok<HealthResponse>, Refused<Problem404>>> HealthAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, CancellationToken cancellationToken)
    {
        var instance = await InstanceReads.FindVisibleAsync(db, Caller.From(http.User), id, cancellationToken);
        return instance is null ? new Refused<Problem404>(new Refusal.NotFound($"Instance {id}")) : TypedResults.Ok(instance.ToHealth());
    }

    public static async Task<Results<Ok<Page<EventResponse>>, ProblemHttpResult>> EventsAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, int? pageSize, string? pageToken, string? type, CancellationToken cancellationToken)
    {
        if (PagingProblems.Check(pageSize, PageTokens.TryDecode(pageToken, out long before)) is { } problem)
        {
            return problem;
        }

        var instance = await InstanceReads.FindVisibleAsync(db, Caller.From(http.User), id, cancellationToken);
        if (instance is null)
        {
            return Problems.NotFound($"Instance {id}");
        }

        var size = pageSize ?? PageTokens.DefaultPageSize;
        var query = db.InstanceEvents.AsNoTracking().Where(e => e.InstanceId == id && e.Id < before);
        if (type is not null)
        {
            query = query.Where(e => e.Type == type);
        }

        var rows = await query.OrderByDescending(e => e.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? PageTokens.Encode(rows[size - 1].Id) : null;
        return TypedResults.Ok(new Page<EventResponse>([.. rows.Take(size).Select(e => e.ToResponse())], next));
    }

    public static async Task<Results<Ok<ConnectionResponse>, Refused<Problem404>>> ConnectionAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, CredentialsVault vault, AuditLog audit, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var instance = await InstanceReads.FindVisibleAsync(db, caller, id, cancellationToken);
        if (instance is null || instance.Status == InstanceStatus.Deleted)
        {
            return new Refused<Problem404>(new Refusal.NotFound($"Instance {id}"));
        }

        var credentials = vault.Unprotect(instance.WorkingCredentialsProtected());
        audit.Record(caller, "instance.connection.read", instance.OrganizationId, instance.Id);
        await db.SaveChangesAsync(cancellationToken);

        var endpoints = InstanceMapper.Endpoints(instance.Observed);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ConnectionResponse(endpoints?.Primary, endpoints?.ReadOnly, credentials.Database, credentials.Username, credentials.Password));
    }

    public static async Task<Results<Accepted<OperationResponse>, Refused<Problem404, Problem409>>> RotateAsync(
        Guid id, HttpContext http, InstanceCommands commands, CancellationToken cancellationToken)
    {
        var outcome = await commands.RotateCredentialsAsync(Caller.From(http.User).ToActor(), id, cancellationToken);
        return outcome switch
        {
            ChangeOutcome.Accepted accepted => TypedResults.Accepted(OperationMapper.Location(accepted.Operation.Id), accepted.Operation.ToResponse()),
            Refusal refusal => new Refused<Problem404, Problem409>(refusal),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }
}
