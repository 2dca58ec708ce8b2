using ControlPlane.Api.Audit;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Api.Operations;
using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Operations;
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
        group.MapPost("/switchover", SwitchoverAsync).WithName("SwitchoverInstance").WithSummary("Hand the primary role to another member (HA only).");
        group.MapGet("/health", HealthAsync).WithName("GetInstanceHealth").WithSummary("Member roles, states, lag and timeline as last reported.");
        group.MapGet("/events", EventsAsync).WithName("ListInstanceEvents").WithSummary("Lifecycle, health, failover, switchover and primary restart events, newest first.");
        group.MapGet("/connection", ConnectionAsync).WithName("GetInstanceConnection").WithSummary("How to connect, with credentials (every read is audited).");
        group.MapPost("/connection/rotate", RotateAsync).WithName("RotateInstanceCredentials").WithSummary("Issue a new password.");
        return group;
    }

    public static async Task<Results<Accepted<OperationResponse>, ProblemHttpResult>> SwitchoverAsync(
        Guid id, SwitchoverRequest? request, HttpContext http, ControlPlaneDbContext db, InstanceChanges changes, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var instance = await InstancesApi.FindVisibleAsync(db, http, id, cancellationToken, tracking: true);
        if (instance is null)
        {
            return Problems.NotFound($"Instance {id}");
        }

        if (!instance.HaEnabled)
        {
            return Problems.Conflict("Switchover needs high availability: this instance has a single member.");
        }

        if (await InstancesApi.BlockedAsync(changes, instance, cancellationToken) is { } blocked)
        {
            return blocked;
        }

        if (instance.Status != InstanceStatus.Available)
        {
            return Problems.Conflict($"The instance is {EnumValues.Word(instance.Status)}; switchover needs it available.");
        }

        var target = request?.TargetMember;
        if (target is not null && SwitchoverTargets.Check(instance, target) is { } refusal)
        {
            return refusal;
        }

        // The worker names this leader to Patroni, which refuses the request once another member leads.
        var leader = SwitchoverTargets.CurrentLeader(instance);
        instance.NoteSwitchoverRequested(timeProvider.GetUtcNow());
        var operation = changes.Record(caller, instance, OperationType.Switchover, "instance.switchover", new { targetMember = target, fromMember = leader }, target, leader);
        await changes.CommitAsync(cancellationToken);
        return TypedResults.Accepted(OperationMapper.Location(operation.Id), operation.ToResponse());
    }

    public static async Task<Results<Ok<HealthResponse>, ProblemHttpResult>> HealthAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, CancellationToken cancellationToken)
    {
        var instance = await InstancesApi.FindVisibleAsync(db, http, id, cancellationToken, tracking: false);
        return instance is null ? Problems.NotFound($"Instance {id}") : TypedResults.Ok(instance.ToHealth());
    }

    public static async Task<Results<Ok<Page<EventResponse>>, ProblemHttpResult>> EventsAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, int? pageSize, string? pageToken, string? type, CancellationToken cancellationToken)
    {
        if (PagingProblems.Check(pageSize, PageTokens.TryDecode(pageToken, out long before)) is { } problem)
        {
            return problem;
        }

        var instance = await InstancesApi.FindVisibleAsync(db, http, id, cancellationToken, tracking: false);
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

    public static async Task<Results<Ok<ConnectionResponse>, ProblemHttpResult>> ConnectionAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, CredentialsVault vault, AuditLog audit, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var instance = await InstancesApi.FindVisibleAsync(db, http, id, cancellationToken, tracking: false);
        if (instance is null || instance.Status == InstanceStatus.Deleted)
        {
            return Problems.NotFound($"Instance {id}");
        }

        var credentials = vault.Unprotect(instance.WorkingCredentialsProtected());
        audit.Record(caller, "instance.connection.read", instance.OrganizationId, instance.Id);
        await db.SaveChangesAsync(cancellationToken);

        var endpoints = InstanceMapper.Endpoints(instance.Observed);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new ConnectionResponse(endpoints?.Primary, endpoints?.ReadOnly, credentials.Database, credentials.Username, credentials.Password));
    }

    public static async Task<Results<Accepted<OperationResponse>, ProblemHttpResult>> RotateAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, InstanceChanges changes, CredentialsVault vault, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var instance = await InstancesApi.FindVisibleAsync(db, http, id, cancellationToken, tracking: true);
        if (instance is null)
        {
            return Problems.NotFound($"Instance {id}");
        }

        if (await InstancesApi.BlockedAsync(changes, instance, cancellationToken) is { } blocked)
        {
            return blocked;
        }

        var current = vault.Unprotect(instance.CredentialsProtected);
        instance.BeginCredentialRotation(vault.Protect(current with { Password = ApiKeys.GenerateSecret() }), timeProvider.GetUtcNow());
        var operation = changes.Record(caller, instance, OperationType.RotateCredentials, "instance.connection.rotate", null);
        await changes.CommitAsync(cancellationToken);
        return TypedResults.Accepted(OperationMapper.Location(operation.Id), operation.ToResponse());
    }
}
