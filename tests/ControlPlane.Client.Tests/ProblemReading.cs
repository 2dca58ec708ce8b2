using ControlPlane.Client.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace ControlPlane.Client.Tests;

/// <summary>
/// What a user reads off a problem the generated client threw. Main's document does not describe the extensions,
/// so they arrive in AdditionalData; once the ProblemDetails schema names them these become plain property reads.
/// </summary>
public static class ProblemReading
{
    public static IReadOnlyList<string> ErrorFields(this ProblemDetails problem) =>
        problem.AdditionalData.TryGetValue("errors", out var errors) && errors is UntypedObject fields ? [.. fields.GetValue().Keys] : [];

    public static string? CurrentEtag(this ProblemDetails problem) =>
        problem.AdditionalData.TryGetValue("currentEtag", out var etag) ? Text(etag) : null;

    public static Guid? BlockingOperationId(this ProblemDetails problem) =>
        problem.AdditionalData.TryGetValue("blockingOperation", out var blocking) && blocking is UntypedObject operation
            && operation.GetValue().TryGetValue("id", out var id) && Guid.TryParse(Text(id), out var value) ? value : null;

    private static string? Text(object? value) => value switch
    {
        UntypedString text => text.GetValue(),
        string text => text,
        _ => null,
    };
}
