using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace ControlPlane.Api.Testing.Contract;

/// <summary>
/// Checks one exchange against the document as a generated client relies on it: the status is declared for the
/// operation, the media type is one it declares, the headers it declares are there and the ones a client acts on are
/// declared, and the body is valid against the response's schema.
/// </summary>
public static partial class ContractValidator
{
    // A client acts on these; one the API sends without the document saying so is invisible to a generated client.
    private static readonly string[] SignificantHeaders = ["ETag", "Location", "Retry-After", "WWW-Authenticate", "Idempotent-Replayed"];

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    public static IReadOnlyList<ContractMismatch> Check(ContractDocument document, ContractExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(document);
        // System.Text.Json's nodes are not safe to read from several threads (a parsed node materialises on first
        // read), and the Api tests' classes run in parallel over the one committed document.
        lock (document.Gate)
        {
            return CheckOne(document, exchange);
        }
    }

    private static List<ContractMismatch> CheckOne(ContractDocument document, ContractExchange exchange)
    {
        var (template, operation) = document.Match(exchange.Method, exchange.Path);
        if (operation is null)
        {
            return Unrouted(document, template, exchange);
        }

        var found = new List<ContractMismatch>();
        var responses = operation.Node["responses"]?.AsObject();
        var statusKey = new[] { exchange.Status.ToString(CultureInfo.InvariantCulture), $"{exchange.Status / 100}XX", "default" }
            .FirstOrDefault(k => responses?.ContainsKey(k) == true);
        void Add(string kind, string detail, string? key = null) =>
            found.Add(new ContractMismatch(operation.ToString(), exchange.Status, kind, detail, $"{operation.Id}|{exchange.Status}|{kind}|{key ?? detail}"));

        if (statusKey is null)
        {
            Add("status", $"status {exchange.Status} ({exchange.MediaType ?? "no body"}) is not declared; declared: {string.Join(", ", responses?.Select(r => r.Key) ?? [])}");
            return found;
        }

        var response = document.Resolve(responses![statusKey]) as JsonObject ?? [];
        CheckHeaders(document, exchange, response["headers"] as JsonObject, Add);
        CheckBody(document, exchange, response["content"] as JsonObject, Add);
        return found;
    }

    private static List<ContractMismatch> Unrouted(ContractDocument document, string? template, ContractExchange exchange)
    {
        // Routing's own answers to a path or method it does not know are not the document's to describe.
        if (!document.Covers(exchange.Path) || (template is null && exchange.Status == 404) || (template is not null && exchange.Status == 405))
        {
            return [];
        }

        var where = template is null ? $"{exchange.Method} {exchange.Path}" : $"{exchange.Method} {template}";
        var detail = template is null ? "no path of the document matches" : $"the document declares no {exchange.Method} on this path";
        return [new ContractMismatch(where, exchange.Status, "operation", detail, $"{where}|{exchange.Status}|operation")];
    }

    private static void CheckHeaders(ContractDocument document, ContractExchange exchange, JsonObject? declared, Action<string, string, string?> add)
    {
        foreach (var (name, node) in declared ?? [])
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || document.Resolve(node) is not JsonObject header)
            {
                continue;
            }

            if (!exchange.Headers.TryGetValue(name, out var value))
            {
                if (header["required"]?.GetValue<bool>() == true)
                {
                    add("header", $"required header {name} is missing", null);
                }

                continue;
            }

            if (header["schema"] is { } schema)
            {
                foreach (var (_, keyword, message) in Errors(document.Schema(schema).Evaluate(HeaderValue(schema, value), Evaluation)))
                {
                    add("header", $"header {name}: '{value}' breaks its schema ({keyword}: {message})", $"header {name} {keyword}");
                }
            }
        }

        foreach (var name in SignificantHeaders.Where(exchange.Headers.ContainsKey))
        {
            if (declared?.Any(d => d.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) != true)
            {
                add("header", $"sends header {name}, which is not declared", null);
            }
        }
    }

    private static void CheckBody(ContractDocument document, ContractExchange exchange, JsonObject? content, Action<string, string, string?> add)
    {
        if (content is null || content.Count == 0)
        {
            if (exchange.Body.Length > 0)
            {
                add("media type", $"sends a {exchange.MediaType ?? "body without a media type"} body; the response declares no content", null);
            }

            return;
        }

        var declared = string.Join(", ", content.Select(c => c.Key));
        if (exchange.Body.Length == 0)
        {
            if (exchange.Method != "HEAD")
            {
                add("media type", $"the body is empty; declared: {declared}", null);
            }

            return;
        }

        var entry = content.FirstOrDefault(c => MediaTypeMatches(c.Key, exchange.MediaType));
        if (entry.Key is null)
        {
            add("media type", $"media type {exchange.MediaType ?? "(none)"} is not declared; declared: {declared}", null);
            return;
        }

        if (entry.Value?["schema"] is not { } schema || exchange.MediaType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return;
        }

        JsonElement body;
        try
        {
            using var parsed = JsonDocument.Parse(exchange.Body);
            body = parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            add("body", $"the {exchange.MediaType} body is not JSON", null);
            return;
        }

        foreach (var (location, keyword, message) in Errors(document.Schema(schema).Evaluate(body, Evaluation)))
        {
            // Ids and array indexes vary from test to test; the same gap is one entry.
            var where = ArrayIndex().Replace(location, "/*");
            if (keyword.Length == 0 || keyword == "unevaluatedProperties")
            {
                // The closed object's false schema rejected a property the document does not name.
                add("undeclared property", $"body {location}: the schema does not declare this property", where);
                continue;
            }

            add("body", $"body {(location.Length == 0 ? "/" : location)}: {keyword}: {message}", $"{where} {keyword}");
        }
    }

    private static IEnumerable<(string Location, string Keyword, string Message)> Errors(EvaluationResults results)
    {
        if (results.IsValid)
        {
            yield break;
        }

        foreach (var node in (IEnumerable<EvaluationResults>)[results, .. results.Details ?? []])
        {
            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            {
                yield return (node.InstanceLocation.ToString(), keyword, message);
            }
        }
    }

    private static JsonElement HeaderValue(JsonNode schema, string value)
    {
        var types = schema["type"] switch
        {
            JsonArray list => list.Select(t => t?.GetValue<string>()).ToList(),
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };
        var numeric = (types.Contains("integer") || types.Contains("number")) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        using var parsed = JsonDocument.Parse(numeric ? value : JsonSerializer.Serialize(value));
        return parsed.RootElement.Clone();
    }

    private static bool MediaTypeMatches(string declared, string? actual)
    {
        if (actual is null)
        {
            return false;
        }

        var range = declared.Split(';')[0].Trim();
        return range == "*/*"
            || range.Equals(actual, StringComparison.OrdinalIgnoreCase)
            || (range.EndsWith("/*", StringComparison.Ordinal) && actual.StartsWith(range[..^1], StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"/\d+(?=/|$)")]
    private static partial Regex ArrayIndex();
}
