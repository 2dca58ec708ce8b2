using System.Text;
using System.Text.Json;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Api.Operations;
using ControlPlane.Api.Options;
using ControlPlane.Api.Quotas;
using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Operations;
using ControlPlane.Domain.Plans;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ControlPlane.Api.Instances;

/// <summary>The instance resource: list, read, create, change, delete.</summary>
public static class InstancesApi
{
    public static RouteGroupBuilder MapInstanceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/instances").WithTags("Instances").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        group.MapGet("/", ListAsync).WithName("ListInstances").WithSummary("List instances, newest last, with cursor pagination.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetInstance").WithSummary("Read an instance; the ETag follows its spec's generation.");
        // 409: the name is taken, or a quota (problem extension "quota", with its limit and current use) would be exceeded.
        group.MapPost("/", CreateAsync).WithName("CreateInstance").WithSummary("Request a new instance.").Validate<CreateInstanceRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateInstance").WithSummary("Change plan, storage or high availability (If-Match required).").Validate<UpdateInstanceRequest>()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteInstance").WithSummary("Delete an instance; its record is kept as deleted.");
        return group;
    }

    public static async Task<Results<Ok<Page<InstanceResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext http, ControlPlaneDbContext db, int? pageSize, string? pageToken, string? status, Guid? organizationId, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        if (PagingProblems.Check(pageSize, PageTokens.TryDecode(pageToken, out Guid after)) is { } problem)
        {
            return problem;
        }

        if (status is not null && !EnumValues.Statuses.Contains(status))
        {
            return Problems.Unprocessable($"status must be one of {string.Join(", ", EnumValues.Statuses)}.", "status");
        }

        var size = pageSize ?? PageTokens.DefaultPageSize;
        var scope = caller.IsSupport ? organizationId : caller.OrganizationId;
        if (!caller.IsSupport && scope is null)
        {
            // A member key always names its organisation; without one nothing is visible (never "everything").
            return TypedResults.Ok(new Page<InstanceResponse>([], null));
        }

        List<Instance> rows;
        if (status is null)
        {
            rows = await InstanceReads.PageAsync(db, scope, after, size + 1, cancellationToken);
        }
        else
        {
            var wanted = Enum.Parse<InstanceStatus>(status, true);
            var query = db.Instances.AsNoTracking().Where(i => i.Status == wanted && i.Id > after);
            if (scope is { } org)
            {
                query = query.Where(i => i.OrganizationId == org);
            }

            rows = await query.OrderBy(i => i.Id).Take(size + 1).ToListAsync(cancellationToken);
        }

        var next = rows.Count > size ? PageTokens.Encode(rows[size - 1].Id) : null;
        return TypedResults.Ok(new Page<InstanceResponse>([.. rows.Take(size).Select(i => i.ToResponse())], next));
    }

    public static async Task<Results<Ok<InstanceResponse>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, CancellationToken cancellationToken)
    {
        var instance = await FindVisibleAsync(db, http, id, cancellationToken, tracking: false);
        if (instance is null)
        {
            return Problems.NotFound($"Instance {id}");
        }

        http.Response.Headers.ETag = InstanceMapper.ETag(instance);
        return TypedResults.Ok(instance.ToResponse());
    }

    public static async Task<Results<Accepted<InstanceResponse>, ContentHttpResult, ProblemHttpResult, ValidationProblem>> CreateAsync(
        CreateInstanceRequest request,
        HttpContext http,
        Guid? organizationId,
        [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        ControlPlaneDbContext db,
        InstanceChanges changes,
        IdempotencyKeys idempotency,
        CredentialsVault vault,
        IOptions<CatalogOptions> catalog,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var org = caller.IsSupport ? organizationId : caller.OrganizationId;
        if (org is not { } orgId)
        {
            return Problems.Unprocessable("Support keys must name the organisation with ?organizationId=.", "organizationId");
        }

        if (caller.IsSupport && !await db.Organizations.AnyAsync(o => o.Id == orgId, cancellationToken))
        {
            return Problems.NotFound($"Organization {orgId}");
        }

        if (idempotencyKey is { Length: 0 or > IdempotencyKeys.MaxLength })
        {
            return Problems.Unprocessable($"Idempotency-Key must be 1 to {IdempotencyKeys.MaxLength} characters.", IdempotencyKeys.Header);
        }

        var requestHash = IdempotencyKeys.Hash("POST /v1/instances", JsonSerializer.Serialize(request, JsonSerializerOptions.Web));
        if (idempotencyKey is not null)
        {
            if (await Replay(idempotency, orgId, idempotencyKey, requestHash, http, cancellationToken) is { } replayed)
            {
                return replayed;
            }

            await idempotency.ForgetExpiredAsync(orgId, idempotencyKey, cancellationToken);
        }

        var plans = new PlanCatalog(catalog.Value.EffectivePlans);
        var plan = plans.Find(request.Plan);
        var region = request.Region ?? catalog.Value.EffectiveRegions[0];
        var spec = new InstanceSpec(request.Plan!, request.PostgresVersion!.Value, request.StorageGb ?? plan?.DefaultStorageGb ?? 0,
            SpecBuilder.HighAvailability(request.HighAvailability));
        var errors = SpecRules.Validate(spec, plans, [.. catalog.Value.EffectivePostgresVersions]).ToList();
        if (!catalog.Value.EffectiveRegions.Contains(region))
        {
            errors.Add(new DomainError("unknown_region", $"Region '{region}' is not offered; available: {string.Join(", ", catalog.Value.EffectiveRegions)}.", "region"));
        }

        if (errors.Count > 0)
        {
            return Problems.FromDomain(errors);
        }

        var demand = QuotaDemand.Create(spec);
        var now = timeProvider.GetUtcNow();
        var instance = Instance.Create(orgId, request.Name!, region, spec, plan!, vault.Protect(CredentialsVault.Generate()), now);
        db.Instances.Add(instance);
        var operation = changes.Record(caller, instance, OperationType.Create, "instance.create", new { request.Name, spec.Plan, region });
        var response = instance.ToResponse();
        var location = OperationMapper.Location(operation.Id);
        if (idempotencyKey is not null)
        {
            idempotency.Remember(orgId, idempotencyKey, requestHash, StatusCodes.Status202Accepted,
                JsonSerializer.Serialize(response, JsonSerializerOptions.Web), location);
        }

        try
        {
            if (await changes.CommitWithinQuotaAsync(orgId, demand, cancellationToken) is { } overQuota)
            {
                return overQuota;
            }
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The name is taken (the unique index on live names decides, so no query checks it first: one round trip
            // fewer per create), or a keyed request raced this one: replay its answer if it was the same request, else 409.
            db.ChangeTracker.Clear();
            if (idempotencyKey is not null &&
                await Replay(idempotency, orgId, idempotencyKey, requestHash, http, cancellationToken) is { } raced)
            {
                return raced;
            }

            return Problems.Conflict($"An instance named '{request.Name}' already exists in this organisation.");
        }

        http.Response.Headers.ETag = InstanceMapper.ETag(instance);
        return TypedResults.Accepted(location, response);
    }

    public static async Task<Results<Accepted<InstanceResponse>, ProblemHttpResult, ValidationProblem>> UpdateAsync(
        Guid id,
        UpdateInstanceRequest request,
        HttpContext http,
        ControlPlaneDbContext db,
        InstanceChanges changes,
        IOptions<CatalogOptions> catalog,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var instance = await FindVisibleAsync(db, http, id, cancellationToken, tracking: true);
        if (instance is null)
        {
            return Problems.NotFound($"Instance {id}");
        }

        if (CheckIfMatch(http, instance) is { } precondition)
        {
            return precondition;
        }

        if (await BlockedAsync(changes, instance, cancellationToken) is { } blocked)
        {
            return blocked;
        }

        var plans = new PlanCatalog(catalog.Value.EffectivePlans);
        var current = instance.Spec;
        var next = new InstanceSpec(request.Plan ?? current.Plan, current.PostgresVersion, request.StorageGb ?? current.StorageGb,
            SpecBuilder.HighAvailability(request.HighAvailability, current.HighAvailability));
        var errors = SpecRules.Validate(next, plans, [.. catalog.Value.EffectivePostgresVersions]).Concat(SpecRules.ValidateChange(current, next)).ToList();
        if (errors.Count > 0)
        {
            return Problems.FromDomain(errors);
        }

        if (next == current)
        {
            return Problems.Unprocessable("The request changes nothing.");
        }

        var demand = QuotaDemand.Change(current, next);
        instance.BeginUpdate(next, plans.Find(next.Plan)!, timeProvider.GetUtcNow());
        var operation = changes.Record(caller, instance, OperationType.Update, "instance.update", new { from = current, to = next });
        if (await changes.CommitWithinQuotaAsync(instance.OrganizationId, demand, cancellationToken) is { } overQuota)
        {
            return overQuota;
        }

        http.Response.Headers.ETag = InstanceMapper.ETag(instance);
        return TypedResults.Accepted(OperationMapper.Location(operation.Id), instance.ToResponse());
    }

    public static async Task<Results<Accepted<OperationResponse>, ProblemHttpResult>> DeleteAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, InstanceChanges changes, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var caller = Caller.From(http.User);
        var instance = await FindVisibleAsync(db, http, id, cancellationToken, tracking: true);
        if (instance is null)
        {
            return Problems.NotFound($"Instance {id}");
        }

        if (http.Request.Headers.IfMatch.Count > 0 && CheckIfMatch(http, instance) is { } precondition)
        {
            return precondition;
        }

        if (!InstanceLifecycle.CanDelete(instance.Status))
        {
            var active = await changes.ActiveOperationAsync(instance.Id, cancellationToken);
            return Problems.Conflict($"The instance is already {EnumValues.Word(instance.Status)}.", Blocking(active));
        }

        // A delete supersedes whatever else was in flight: the worker acts on the newest desired state.
        var now = timeProvider.GetUtcNow();
        instance.BeginDelete(now);
        var operation = changes.Record(caller, instance, OperationType.Delete, "instance.delete", null);
        foreach (var active in await db.Operations.Where(o => o.InstanceId == id && o.Id != operation.Id
                     && (o.Status == OperationStatus.Pending || o.Status == OperationStatus.Running)).ToListAsync(cancellationToken))
        {
            active.Supersede(operation.Id, now);
        }

        await changes.CommitAsync(cancellationToken);
        return TypedResults.Accepted(OperationMapper.Location(operation.Id), operation.ToResponse());
    }

    /// <summary>Another organisation's instance answers exactly like a missing one: 404, never 403.</summary>
    public static async Task<Instance?> FindVisibleAsync(ControlPlaneDbContext db, HttpContext http, Guid id, CancellationToken cancellationToken, bool tracking)
    {
        var caller = Caller.From(http.User);
        var instance = tracking
            ? await db.Instances.SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
            : await InstanceReads.FindAsync(db, id, cancellationToken);
        return instance is not null && caller.CanSee(instance.OrganizationId) ? instance : null;
    }

    public static async Task<ProblemHttpResult?> BlockedAsync(InstanceChanges changes, Instance instance, CancellationToken cancellationToken)
    {
        if (instance.Status is InstanceStatus.Deleting or InstanceStatus.Deleted)
        {
            return Problems.Conflict($"The instance is {EnumValues.Word(instance.Status)}.");
        }

        var active = await changes.ActiveOperationAsync(instance.Id, cancellationToken);
        return active is null
            ? null
            : Problems.Conflict($"Operation {active.Id} ({EnumValues.Word(active.Type)}) is still {EnumValues.Word(active.Status)} on this instance; retry once it completes.", Blocking(active));
    }

    private static Dictionary<string, object?>? Blocking(Operation? active) => active is null ? null : new()
    {
        ["blockingOperation"] = new { id = active.Id, location = OperationMapper.Location(active.Id), type = EnumValues.Word(active.Type) },
    };

    private static ProblemHttpResult? CheckIfMatch(HttpContext http, Instance instance)
    {
        var ifMatch = http.Request.Headers.IfMatch;
        if (ifMatch.Count == 0)
        {
            return Problems.PreconditionRequired();
        }

        var etag = InstanceMapper.ETag(instance);
        return ifMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*")) ? null : Problems.PreconditionFailed(etag);
    }

    private static async Task<Results<Accepted<InstanceResponse>, ContentHttpResult, ProblemHttpResult, ValidationProblem>?> Replay(
        IdempotencyKeys idempotency, Guid orgId, string key, string requestHash, HttpContext http, CancellationToken cancellationToken)
    {
        var previous = await idempotency.FindAsync(orgId, key, cancellationToken);
        if (previous is null)
        {
            return null;
        }

        if (previous.RequestHash != requestHash)
        {
            return Problems.Unprocessable("This Idempotency-Key was already used with a different request body.", IdempotencyKeys.Header);
        }

        if (previous.Location is not null)
        {
            http.Response.Headers.Location = previous.Location;
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Content(previous.ResponseBody, "application/json", Encoding.UTF8, previous.StatusCode);
    }
}
