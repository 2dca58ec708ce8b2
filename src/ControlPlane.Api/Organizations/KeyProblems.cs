using ControlPlane.Api.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Api.Organizations;

/// <summary>The one mapping of key refusals to problem details.</summary>
public static class KeyProblems
{
    public static ProblemHttpResult From(KeyOutcome refusal) => refusal switch
    {
        KeyOutcome.NotFound notFound => Problems.NotFound(notFound.What),
        KeyOutcome.LimitReached limit => Problems.Conflict(
            $"The organisation already has {limit.Max} active API keys, the most allowed; revoke one before creating another.",
            new Dictionary<string, object?> { ["maxKeys"] = limit.Max }),
        KeyOutcome.ExpiryNotInFuture => Problems.Unprocessable("expiresAt must be in the future.", "expiresAt"),
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.GetType().Name, "Not a refusal."),
    };
}
