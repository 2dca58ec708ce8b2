using ControlPlane.Domain.Instances;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ControlPlane.Api.Errors;

/// <summary>RFC 9457 problem details for every error the API answers, with the offending field named where there is one.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"{what} does not exist.");

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: 409, title: "Conflict", detail: detail, extensions: extensions);

    /// <summary>400 for input that fails a check at the edge (validators, the unsafe-text rule), each field with its messages.</summary>
    public static ValidationProblem Invalid(IDictionary<string, string[]> errors, string detail) =>
        TypedResults.ValidationProblem(errors, detail: detail, title: "The request is invalid");

    public static ProblemHttpResult Unprocessable(string detail, string? field = null) =>
        TypedResults.Problem(statusCode: 422, title: "Unprocessable request", detail: detail,
            extensions: field is null ? null : new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [detail] } });

    public static ProblemHttpResult FromDomain(IReadOnlyList<DomainError> errors) =>
        TypedResults.Problem(statusCode: 422, title: "The request breaks a rule", detail: string.Join(" ", errors.Select(e => e.Message)),
            extensions: new Dictionary<string, object?> { ["errors"] = ByField(errors) });

    /// <summary>Each field with its messages, as <c>errors</c> shows them; an error of no one field under "".</summary>
    public static Dictionary<string, string[]> ByField(IReadOnlyList<DomainError> errors) =>
        errors.GroupBy(e => e.Field ?? "").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());

    public static ProblemHttpResult PreconditionRequired() =>
        TypedResults.Problem(statusCode: 428, title: "Precondition required", detail: "Send If-Match with the instance's current ETag.");

    public static ProblemHttpResult PreconditionFailed(string currentEtag) =>
        TypedResults.Problem(statusCode: 412, title: "Precondition failed",
            detail: "The instance changed since you read it; read it again and retry with the new ETag.",
            extensions: new Dictionary<string, object?> { ["currentEtag"] = currentEtag });
}
