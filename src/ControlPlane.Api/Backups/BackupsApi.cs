using ControlPlane.Api.Auth;
using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Api.Instances;
using ControlPlane.Api.Operations;
using ControlPlane.Domain;
using ControlPlane.Domain.Backups;
using ControlPlane.Instances;
using ControlPlane.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Backups;

/// <summary>An instance's backups: take one on demand, list them.</summary>
public static class BackupsApi
{
    public static RouteGroupBuilder MapBackupEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v1/instances/{id:guid}/backups").WithTags("Backups").RequireAuthorization().RequireRateLimiting(RateLimiting.PolicyName);
        group.MapPost("/", BackupAsync).WithName("BackupInstance").WithSummary("Take a backup now (full unless the body names another kind).")
            .WithDescription("Accepted at once (202) with the operation to follow in Location; the backup is listed as running until it ends. Refused with 409 while another operation runs or unless the instance is available.")
            .WithRequestExample(WalkthroughExamples.Backup);
        group.MapGet("/", ListAsync).WithName("ListInstanceBackups").WithSummary("The instance's backups, newest first, with cursor pagination.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<Accepted<OperationResponse>, ValidationProblem, Refused<Problem404, Problem409>>> BackupAsync(
        Guid id, BackupRequest? request, HttpContext http, InstanceCommands commands, CancellationToken cancellationToken)
    {
        var kind = BackupKind.Full;
        if (request?.Kind is { } word && !EnumWords.TryParse(word, out kind))
        {
            var message = $"kind must be {EnumWords.Choices<BackupKind>()}.";
            return Problems.Invalid(new Dictionary<string, string[]> { ["kind"] = [message] }, message);
        }

        var outcome = await commands.BackupAsync(Caller.From(http.User).ToActor(), id, kind, cancellationToken);
        return outcome switch
        {
            ChangeOutcome.Accepted accepted => TypedResults.Accepted(OperationMapper.Location(accepted.Operation.Id), accepted.Operation.ToResponse()),
            Refusal refusal => new Refused<Problem404, Problem409>(refusal),
            _ => throw new InvalidOperationException($"Unexpected outcome {outcome.GetType().Name}."),
        };
    }

    public static async Task<Results<Ok<Page<BackupResponse>>, ProblemHttpResult>> ListAsync(
        Guid id, HttpContext http, ControlPlaneDbContext db, int? pageSize, string? pageToken, CancellationToken cancellationToken)
    {
        if (PagingProblems.Check(pageSize, PageTokens.TryDecode(pageToken, out Guid before)) is { } problem)
        {
            return problem;
        }

        // Another organisation's instance answers exactly like a missing one.
        if (await InstanceReads.FindVisibleAsync(db, Caller.From(http.User), id, cancellationToken) is null)
        {
            return Problems.NotFound($"Instance {id}");
        }

        // Ids are time-ordered (UUIDv7): newest first, the token is the last id of the page before.
        var size = pageSize ?? PageTokens.DefaultPageSize;
        var query = db.Backups.AsNoTracking().Where(b => b.InstanceId == id);
        if (before != Guid.Empty)
        {
            query = query.Where(b => b.Id < before);
        }

        var rows = await query.OrderByDescending(b => b.Id).Take(size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > size ? PageTokens.Encode(rows[size - 1].Id) : null;
        return TypedResults.Ok(new Page<BackupResponse>([.. rows.Take(size).Select(b => b.ToResponse())], next));
    }
}
