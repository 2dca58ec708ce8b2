using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace ControlPlane.Api.Errors;

/// <summary>
/// Malformed JSON or a value of the wrong type is the caller's error: 400 with the JSON path of the offending field,
/// never a 500 (and never the raw exception text, which could echo input back).
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var json = FindJsonException(badRequest);
        // A path of just "$" is the body as a whole (not JSON at all), not a field with an empty name.
        var field = json is not null
            ? json.Path?.TrimStart('$', '.') is { Length: > 0 } member ? member : null
            : ParameterName(badRequest.Message);
        var detail = json is null
            ? field is null ? "The request could not be read." : $"The value of '{field}' is malformed or of the wrong type."
            : field is null ? "The body is not valid JSON." : $"The value of '{field}' is missing, malformed or of the wrong type.";
        var status = badRequest.StatusCode is >= 400 and < 500 ? badRequest.StatusCode : 400;
        httpContext.Response.StatusCode = status;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = "Malformed request",
                Detail = detail,
                Extensions = field is null ? new Dictionary<string, object?>() : new Dictionary<string, object?>
                {
                    ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
                },
            },
        });
    }

    /// <summary>The name from ASP.NET Core's 'Failed to bind parameter "int? pageSize" from "abc".' — never the value.</summary>
    private static string? ParameterName(string message) =>
        BindFailure().Match(message) is { Success: true } match ? match.Groups["name"].Value : null;

    [GeneratedRegex("""^Failed to bind parameter "[^"]*?(?<name>\w+)" from""", RegexOptions.CultureInvariant)]
    private static partial Regex BindFailure();

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }
}
