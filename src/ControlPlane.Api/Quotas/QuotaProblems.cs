using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Api.Quotas;

/// <summary>
/// 409: the request is valid and would be accepted with more quota, so it conflicts with the organisation's current
/// state rather than being malformed. The body names the quota, its limit, the current use and what was asked for.
/// </summary>
public static class QuotaProblems
{
    public static ProblemHttpResult Exceeded(string quota, long limit, long current, long requested, string unit) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Quota exceeded",
            detail: $"The organisation's {quota} quota is {limit} {unit}; it holds {current} and this request needs {requested} more. Delete something or ask support for a higher quota.",
            extensions: new Dictionary<string, object?>
            {
                ["quota"] = quota,
                ["limit"] = limit,
                ["current"] = current,
                ["requested"] = requested,
            });
}
