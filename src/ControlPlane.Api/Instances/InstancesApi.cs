using System.Text;
using System.Text.Json;
using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Api.Operations;
using ControlPlane.Domain;
using ControlPlane.Domain.Instances;
using ControlPlane.Instances;
using ControlPlane.Instances.Idempotency;
using ControlPlane.Persistence;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Instances;

/// <summary>The instance resource: list, read, create, change, delete.</summary>
public static class InstancesApi
{
    public static RouteGroupBuilder MapInstanceEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/instances").WithTags("Instances").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        group.MapGet("/", ListAsync).WithName("ListInstances").WithSummary("List instances, newest last, with cursor pagination.")
            .WithParameterWords("status", ContractWords.InstanceStatuses).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:guid}", GetAsync).WithName("GetInstance").WithSummary("Read an instance; the ETag follows its spec's generation.")
            .WithETag(StatusCodes.Status200OK);
        // 409: the name is taken, or a quota (problem extension "quota", with its limit and current use) would be exceeded.
        group.MapPost("/", CreateAsync).WithName("CreateInstance").WithSummary("Request a new instance.").Validate<CreateInstanceRequest>()
            .WithDescription("Accepted at once (202) with the instance in status provisioning and a Location: the operation to follow. Only name, plan and postgresVersion are required; high availability defaults to on, with 2 synchronous replicas. Support keys name the organisation with ?organizationId=.")
            .WithRequestExample(WalkthroughExamples.CreateInstance)
            .WithETag(StatusCodes.Status202Accepted, required: false)
            .WithResponseHeader(StatusCodes.Status202Accepted, "Idempotent-Replayed", "true when this is the stored answer to an earlier request with the same Idempotency-Key.", required: false);
        group.MapPatch("/{id:guid}", UpdateAsync).WithName("UpdateInstance").WithSummary("Change plan, storage or high availability (If-Match required).").Validate<UpdateInstanceRequest>()
            .WithDescription("A JSON merge patch: a field left out keeps its value. Storage only grows. Refused with 409 while another operation runs.")
            .AcceptsMergePatch<UpdateInstanceRequest>().WithRequestExample(WalkthroughExamples.UpdateInstance)
            .WithRequestHeader("If-Match", "The ETag of the last read of the instance.", required: true).WithETag(StatusCodes.Status202Accepted);
        group.MapDelete("/{id:guid}", DeleteAsync).WithName("DeleteInstance").WithSummary("Delete an instance; its record is kept as deleted.")
            .WithRequestHeader("If-Match", "Optional: the ETag of the last read; the delete is refused (412) if the instance changed since.", required: false);
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

        InstanceStatus? wanted = null;
        if (status is not null)
        {
            if (!EnumWords.TryParse(status, out InstanceStatus parsed))
            {
                return Problems.Unprocessable($"status must be {EnumWords.Choices<InstanceStatus>()}.", "status");
            }

            wanted = parsed;
        }

        var size = pageSize ?? PageTokens.DefaultPageSize;
        var scope = caller.IsSupport ? organizationId : caller.OrganizationId;
        if (!caller.IsSupport && scope is null)
        {
            // A member key always names its organisation; without one nothing is visible (never "everything").
            return TypedResults.Ok(new Page<InstanceResponse>([], null));
        }

        List<Instance> rows;
        if (wanted is not { } filter)
        {
            rows = await InstanceReads.PageAsync(db, scope, after, size + 1, cancellationToken);
        }
        else
        {
            var query = db.Instances.AsNoTracking().Where(i => i.Status == filter && i.Id > after);
            if (scope is { } org)
            {
                query = query.Where(i => i.OrganizationId == org);
            }

            rows = await query.OrderBy(i => i.Id).Take(size + 1).ToListAsync(cancellationToken);
        }

        var next = rows.Count > size ? PageTokens.Encode(rows[size - 1].Id) : null;
        return TypedResults.Ok(new Page<InstanceResponse>([.. rows.Take(size).Select(i => i.ToResponse())], next));
    }

    public static async Task<Results<Ok<InstanceResponse>, Refused<Problem404>>> GetAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, CancellationToken cancellationToken)
    {
        var instance = await InstanceReads.FindVisibleAsync(db, Caller.From(http.User), id, cancellationToken);
        if (instance is null)
        {
            return new Refused<Problem404>(new Refusal.NotFound($"Instance {id}"));
        }

        http.Response.Headers.ETag = InstanceMapper.ETag(instance);
        return TypedResults.Ok(instance.ToResponse());
    }

    public static async Task<Results<Accepted<InstanceResponse>, ContentHttpResult, Refused<Problem400, Problem404, Problem409, Problem422>>> CreateAsync(
        CreateInstanceRequest request,
        HttpContext http,
        Guid? organizationId,
        [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey,
        InstanceCommands commands,
        CancellationToken cancellationToken)
    {
        var idempotent = idempotencyKey is null
            ? null
            : new IdempotentRequest(idempotencyKey, IdempotencyKeys.Hash("POST /v1/instances", JsonSerializer.Serialize(request, JsonSerializerOptions.Web)),
                (instance, operation) => new IdempotentAnswer(StatusCodes.Status202Accepted,
                    JsonSerializer.Serialize(instance.ToResponse(), JsonSerializerOptions.Web), OperationMapper.Location(operation.Id)));
        var outcome = await commands.CreateAsync(Caller.From(http.User).ToActor(), request.ToNewInstance(), organizationId, idempotent, cancellationToken);
        return outcome switch
        {
            ChangeOutcome.Accepted accepted => Accept(http, accepted),
            ChangeOutcome.Replayed replayed => Replay(http, replayed.Answer),
            Refusal refusal => new Refused<Problem400, Problem404, Problem409, Problem422>(refusal),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }

    public static async Task<Results<Accepted<InstanceResponse>, Refused<Problem400, Problem404, Problem409, Problem412, Problem422, Problem428>>> UpdateAsync(
        Guid id, UpdateInstanceRequest request, HttpContext http, InstanceCommands commands, CancellationToken cancellationToken)
    {
        var outcome = await commands.UpdateAsync(Caller.From(http.User).ToActor(), id, request.ToSpecChange(),
            InstanceRequests.FromIfMatch(http.Request.Headers.IfMatch), cancellationToken);
        return outcome switch
        {
            ChangeOutcome.Accepted accepted => Accept(http, accepted),
            Refusal refusal => new Refused<Problem400, Problem404, Problem409, Problem412, Problem422, Problem428>(refusal),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }

    public static async Task<Results<Accepted<OperationResponse>, Refused<Problem404, Problem409, Problem412>>> DeleteAsync(
        Guid id, HttpContext http, InstanceCommands commands, CancellationToken cancellationToken)
    {
        var outcome = await commands.DeleteAsync(Caller.From(http.User).ToActor(), id,
            InstanceRequests.FromIfMatch(http.Request.Headers.IfMatch), cancellationToken);
        return outcome switch
        {
            ChangeOutcome.Accepted accepted => TypedResults.Accepted(OperationMapper.Location(accepted.Operation.Id), accepted.Operation.ToResponse()),
            Refusal refusal => new Refused<Problem404, Problem409, Problem412>(refusal),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }

    /// <summary>The changed instance, its new ETag, and where to follow the operation.</summary>
    private static Accepted<InstanceResponse> Accept(HttpContext http, ChangeOutcome.Accepted accepted)
    {
        http.Response.Headers.ETag = InstanceMapper.ETag(accepted.Instance);
        return TypedResults.Accepted(OperationMapper.Location(accepted.Operation.Id), accepted.Instance.ToResponse());
    }

    /// <summary>The first answer to the same keyed request, as it was sent.</summary>
    private static ContentHttpResult Replay(HttpContext http, IdempotentAnswer answer)
    {
        if (answer.Location is not null)
        {
            http.Response.Headers.Location = answer.Location;
        }

        http.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Content(answer.Body, "application/json", Encoding.UTF8, answer.StatusCode);
    }
}
