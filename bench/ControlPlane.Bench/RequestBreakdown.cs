using System.Globalization;
using ControlPlane.Kubernetes.Fake;

namespace ControlPlane.Bench;

/// <summary>
/// The double's requests grouped by verb and resource ("GET pods (list)", "POST statefulsets"), per instance, so a
/// change in requests per instance can be traced to the step that makes it.
/// </summary>
public static class RequestBreakdown
{
    public static string Describe(IReadOnlyList<RecordedRequest> requests, int instances) =>
        string.Join(", ", requests
            .GroupBy(Key, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {(double)g.Count() / instances:0.##}")));

    private static string Key(RecordedRequest request)
    {
        var segments = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var rest = segments.Length > 0 && segments[0] == "apis" ? segments.Skip(3).ToArray() : segments.Skip(2).ToArray();
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            rest = rest[2..];
        }

        var resource = rest.Length > 0 ? rest[0] : "?";
        var shape = request.IsWatch ? " (watch)" : request.Method == "GET" && rest.Length == 1 ? " (list)" : "";
        return $"{request.Method} {resource}{shape}";
    }
}
