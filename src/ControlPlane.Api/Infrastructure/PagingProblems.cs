using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Api.Infrastructure;

public static class PagingProblems
{
    public static ProblemHttpResult? Check(int? pageSize, bool tokenOk)
    {
        if (pageSize is < 1 or > PageTokens.MaxPageSize)
        {
            return Errors.Problems.Unprocessable($"pageSize must be between 1 and {PageTokens.MaxPageSize}.", "pageSize");
        }

        return tokenOk ? null : TypedResults.Problem(statusCode: 400, title: "Malformed request", detail: "pageToken is not a token this API issued.",
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["pageToken"] = ["Invalid page token."] } });
    }
}
