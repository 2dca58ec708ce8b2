using ControlPlane.Client.Models;

namespace ControlPlane.Client.Tests;

/// <summary>What a user reads off a problem the generated client threw, beyond the typed members.</summary>
public static class ProblemReading
{
    /// <summary>The fields named in <c>errors</c>: an open map in the document, so the client keeps it as additional data.</summary>
    public static IReadOnlyCollection<string> ErrorFields(this ProblemDetails problem) =>
        problem.Errors?.AdditionalData.Keys is { } fields ? [.. fields] : [];
}
