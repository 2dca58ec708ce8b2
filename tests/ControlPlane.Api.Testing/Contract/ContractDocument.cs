using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ControlPlane.Api.Testing.Contract;

/// <summary>
/// An OpenAPI 3.1 document read as JSON: its operations by method and path template, and its schemas built for
/// JSON Schema 2020-12 evaluation, with the document's components reachable from each.
/// </summary>
public sealed class ContractDocument
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "$defs", "dependentSchemas"];
    private static readonly string[] SchemaLists = ["allOf", "anyOf", "oneOf", "prefixItems"];
    private static readonly string[] SchemaValues =
        ["additionalProperties", "unevaluatedProperties", "items", "contains", "not", "if", "then", "else", "propertyNames", "unevaluatedItems"];

    private readonly JsonObject _root;
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    private ContractDocument(JsonObject root)
    {
        _root = root;
        _definitions = new JsonObject();
        foreach (var (name, schema) in root["components"]?["schemas"]?.AsObject() ?? [])
        {
            _definitions[name] = Rewrite(schema);
        }

        Operations = [.. ReadOperations(root)];
        PathPrefixes = [.. Operations.Select(o => FirstSegment(o.Template)).Distinct()];
    }

    public IReadOnlyList<ContractOperation> Operations { get; }

    /// <summary>Held while the document's nodes are read: <see cref="ContractValidator.Check"/> takes it.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The first path segments the document covers ("v1"): a path elsewhere (health, metrics) is not its business.</summary>
    public IReadOnlyList<string> PathPrefixes { get; }

    public static ContractDocument Load(string path) => Parse(File.ReadAllText(path));

    public static ContractDocument Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("An OpenAPI document is a JSON object.", nameof(json)));

    /// <summary>
    /// The path template that answers a request path, preferring literal segments over parameters as routing does,
    /// and the operation declared there for the method (null when the path or the method is not in the document).
    /// </summary>
    public (string? Template, ContractOperation? Operation) Match(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        var best = Operations
            .Select(o => (Operation: o, Score: Score(o.Template, segments)))
            .Where(m => m.Score >= 0)
            .OrderByDescending(m => m.Score)
            .ToList();
        if (best.Count == 0)
        {
            return (null, null);
        }

        var template = best[0].Operation.Template;
        return (template, best.FirstOrDefault(m => m.Operation.Template == template && m.Operation.Method.Equals(method, StringComparison.OrdinalIgnoreCase)).Operation);
    }

    public bool Covers(string path) => PathPrefixes.Contains(FirstSegment(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Follows a local <c>$ref</c> (a response or header kept in components) to what it names.</summary>
    public JsonNode? Resolve(JsonNode? node)
    {
        for (var hops = 0; node?["$ref"] is JsonValue reference && hops < 10; hops++)
        {
            var target = (JsonNode?)_root;
            foreach (var token in reference.GetValue<string>().TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                target = target?[token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
            }

            node = target;
        }

        return node;
    }

    /// <summary>
    /// The schema at that node of the document, built once. Its component references resolve, and each object that lists
    /// its properties is closed (<c>unevaluatedProperties: false</c>): a property the document does not name is one a
    /// generated client cannot read, so it counts as a mismatch too.
    /// </summary>
    public JsonSchema Schema(JsonNode schema) => _schemas.GetOrAdd(schema.GetPath(), _ =>
    {
        var root = Rewrite(schema) is JsonObject rewritten ? rewritten : new JsonObject { ["allOf"] = new JsonArray(Rewrite(schema)) };
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _definitions.DeepClone();
        return JsonSchema.FromText(root.ToJsonString());
    });

    private static IEnumerable<ContractOperation> ReadOperations(JsonObject root)
    {
        foreach (var (template, item) in root["paths"]?.AsObject() ?? [])
        {
            foreach (var method in Methods)
            {
                if (item?[method] is JsonObject operation)
                {
                    var id = operation["operationId"]?.GetValue<string>() ?? $"{method.ToUpperInvariant()} {template}";
                    yield return new ContractOperation(id, method.ToUpperInvariant(), template, operation);
                }
            }
        }
    }

    /// <summary>-1 when the template does not match; otherwise how many of its segments are literal.</summary>
    private static int Score(string template, string[] segments)
    {
        var parts = template.Trim('/').Split('/');
        if (parts.Length != segments.Length)
        {
            return -1;
        }

        var literal = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith('{') && parts[i].EndsWith('}'))
            {
                if (segments[i].Length == 0)
                {
                    return -1;
                }
            }
            else if (parts[i].Equals(segments[i], StringComparison.OrdinalIgnoreCase))
            {
                literal++;
            }
            else
            {
                return -1;
            }
        }

        return literal;
    }

    private static string FirstSegment(string path) => path.TrimStart('/').Split('/')[0];

    /// <summary>A copy of a schema with component references pointing into <c>$defs</c> and listed objects closed.</summary>
    private static JsonNode? Rewrite(JsonNode? schema)
    {
        if (schema is not JsonObject source)
        {
            return schema?.DeepClone();
        }

        var copy = new JsonObject();
        foreach (var (keyword, value) in source)
        {
            copy[keyword] = keyword switch
            {
                "$ref" when value?.GetValue<string>() is { } target && target.StartsWith("#/components/schemas/", StringComparison.Ordinal) =>
                    "#/$defs/" + target["#/components/schemas/".Length..],
                _ when SchemaMaps.Contains(keyword) && value is JsonObject map => new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, Rewrite(p.Value)))),
                _ when SchemaLists.Contains(keyword) && value is JsonArray list => new JsonArray([.. list.Select(Rewrite)]),
                _ when SchemaValues.Contains(keyword) => Rewrite(value),
                _ => value?.DeepClone(),
            };
        }

        if (copy.ContainsKey("properties") && !copy.ContainsKey("additionalProperties") && !copy.ContainsKey("unevaluatedProperties"))
        {
            copy["unevaluatedProperties"] = false;
        }

        return copy;
    }
}
