using ControlPlane.Api.Errors;
using ControlPlane.Api.Infrastructure;
using ControlPlane.Domain.Operations;
using ControlPlane.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ControlPlane.Api.Operations;

/// <summary>A page of operations as asked for: the cursor, the size, and the status and type filters, parsed once.</summary>
public sealed record OperationFilter(Guid After, int Size, OperationStatus? Status, OperationType? Type)
{
    /// <returns>Null with the filter set, or the problem that names the offending parameter.</returns>
    public static ProblemHttpResult? Parse(int? pageSize, string? pageToken, string? status, string? type, out OperationFilter filter)
    {
        filter = new OperationFilter(Guid.Empty, PageTokens.DefaultPageSize, null, null);
        if (PagingProblems.Check(pageSize, PageTokens.TryDecode(pageToken, out Guid after)) is { } problem)
        {
            return problem;
        }

        OperationStatus? wantedStatus = null;
        if (status is not null)
        {
            if (!ContractWords.TryParse<OperationStatus>(status, out var parsed))
            {
                return Problems.Unprocessable($"status must be one of {string.Join(", ", ContractWords.OperationStatuses)}.", "status");
            }

            wantedStatus = parsed;
        }

        OperationType? wantedType = null;
        if (type is not null)
        {
            if (!ContractWords.TryParse<OperationType>(type, out var parsed))
            {
                return Problems.Unprocessable($"type must be one of {string.Join(", ", ContractWords.OperationTypes)}.", "type");
            }

            wantedType = parsed;
        }

        filter = new OperationFilter(after, pageSize ?? PageTokens.DefaultPageSize, wantedStatus, wantedType);
        return null;
    }

    /// <summary>Ids are time-ordered (UUIDv7), so id order is the order the operations were accepted in.</summary>
    public async Task<Page<OperationResponse>> PageAsync(IQueryable<Operation> query, CancellationToken cancellationToken)
    {
        var after = After;
        query = query.Where(o => o.Id > after);
        if (Status is { } status)
        {
            query = query.Where(o => o.Status == status);
        }

        if (Type is { } type)
        {
            query = query.Where(o => o.Type == type);
        }

        var rows = await query.OrderBy(o => o.Id).Take(Size + 1).ToListAsync(cancellationToken);
        var next = rows.Count > Size ? PageTokens.Encode(rows[Size - 1].Id) : null;
        return new Page<OperationResponse>([.. rows.Take(Size).Select(o => o.ToResponse())], next);
    }
}
