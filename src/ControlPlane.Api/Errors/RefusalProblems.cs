using ControlPlane.Api.Instances;
using ControlPlane.Api.Operations;
using ControlPlane.Domain;
using ControlPlane.Instances;

namespace ControlPlane.Api.Errors;

/// <summary>
/// The one mapping of the use cases' refusals to RFC 9457 problem details: status, title, detail and the extensions
/// clients read (<c>errors</c> naming each field, <c>blockingOperation</c>, <c>currentEtag</c>, <c>quota</c>).
/// </summary>
public static class RefusalProblems
{
    public static IResult From(Refusal refusal) => refusal switch
    {
        Refusal.NotFound r => Problems.NotFound(r.What),
        Refusal.Blocked r => Problems.Conflict(
            $"Operation {r.Operation.Id} ({EnumWords.Word(r.Operation.Type)}) is still {EnumWords.Word(r.Operation.Status)} on this instance; retry once it completes.",
            Blocking(r.Operation)),
        Refusal.Conflict r => Problems.Conflict(r.Reason, r.Blocking is null ? null : Blocking(r.Blocking)),
        Refusal.NameTaken r => Problems.Conflict($"An instance named '{r.Name}' already exists in this organisation."),
        Refusal.QuotaExceeded r => QuotaExceeded(r),
        Refusal.PreconditionRequired => Problems.PreconditionRequired(),
        Refusal.PreconditionFailed r => Problems.PreconditionFailed(r.CurrentVersion),
        Refusal.Invalid r => Problems.Invalid(Problems.ByField(r.Errors), string.Join(" ", r.Errors.Select(e => e.Message))),
        Refusal.BreaksRule r => Problems.FromDomain(r.Errors),
        Refusal.Unprocessable r => Problems.Unprocessable(r.Detail, r.Field),
        Refusal.OrganizationRequired => Problems.Unprocessable("Support keys must name the organisation with ?organizationId=.", "organizationId"),
        Refusal.IdempotencyKeyInvalid r => Problems.Unprocessable($"{IdempotencyKeys.Header} must be 1 to {r.MaxLength} characters.", IdempotencyKeys.Header),
        Refusal.IdempotencyKeyReused => Problems.Unprocessable($"This {IdempotencyKeys.Header} was already used with a different request body.", IdempotencyKeys.Header),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.GetType().Name, "A refusal without problem details."),
    };

    private static Dictionary<string, object?> Blocking(BlockingOperation operation) => new()
    {
        ["blockingOperation"] = new { id = operation.Id, location = OperationMapper.Location(operation.Id), type = EnumWords.Word(operation.Type) },
    };

    /// <summary>
    /// 409: the request is valid and would be accepted with more quota, so it conflicts with the organisation's current
    /// state rather than being malformed. The body names the quota, its limit, the current use and what was asked for.
    /// </summary>
    private static IResult QuotaExceeded(Refusal.QuotaExceeded r) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        title: "Quota exceeded",
        detail: $"The organisation's {r.Quota} quota is {r.Limit} {r.Unit}; it holds {r.Current} and this request needs {r.Requested} more. Delete something or ask support for a higher quota.",
        extensions: new Dictionary<string, object?>
        {
            ["quota"] = r.Quota,
            ["limit"] = r.Limit,
            ["current"] = r.Current,
            ["requested"] = r.Requested,
        });
}
