using System.Text.Json.Nodes;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// The label selector grammar the API server accepts in <c>?labelSelector=</c>: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c> and <c>!k</c>, comma-separated and ANDed.
/// </summary>
public sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Everything { get; } = new();

    public static LabelSelector Parse(string? selector)
    {
        var result = new LabelSelector();
        if (string.IsNullOrWhiteSpace(selector))
        {
            return result;
        }

        foreach (var term in SplitTopLevel(selector))
        {
            result._requirements.Add(ParseTerm(term.Trim()));
        }

        return result;
    }

    public bool Matches(JsonObject obj)
    {
        var labels = new Dictionary<string, string>();
        if (obj["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                labels[key] = value?.GetValue<string>() ?? "";
            }
        }

        return _requirements.TrueForAll(r => r(labels));
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseTerm(string term)
    {
        var notIn = term.IndexOf(" notin ", StringComparison.Ordinal);
        if (notIn > 0)
        {
            var key = term[..notIn].Trim();
            var values = ParseSet(term[(notIn + 7)..]);
            return labels => !labels.TryGetValue(key, out var v) || !values.Contains(v);
        }

        var inIndex = term.IndexOf(" in ", StringComparison.Ordinal);
        if (inIndex > 0)
        {
            var key = term[..inIndex].Trim();
            var values = ParseSet(term[(inIndex + 4)..]);
            return labels => labels.TryGetValue(key, out var v) && values.Contains(v);
        }

        if (term.Contains("!=", StringComparison.Ordinal))
        {
            var parts = term.Split("!=", 2);
            var (key, value) = (parts[0].Trim(), parts[1].Trim());
            return labels => !labels.TryGetValue(key, out var v) || v != value;
        }

        if (term.Contains('=', StringComparison.Ordinal))
        {
            var parts = term.Split('=', 2);
            var (key, value) = (parts[0].Trim(), parts[1].TrimStart('=').Trim());
            return labels => labels.TryGetValue(key, out var v) && v == value;
        }

        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }

        return labels => labels.ContainsKey(term);
    }

    private static HashSet<string> ParseSet(string text) =>
        text.Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet();

    // Commas separate terms except inside the parentheses of "in (a,b)".
    private static IEnumerable<string> SplitTopLevel(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return selector[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return selector[start..];
    }
}
