using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>
/// Makes the generated schemas say what the server does. Request records are all-nullable in C# so that the validators,
/// not the JSON reader, name a missing field; on the wire a request field is required only where it carries
/// <see cref="RequiredAttribute"/>, and never null (null means nothing that leaving it out does not). Response fields
/// are all required (the server writes each, null or not), and those no request sets are read-only. Strings of a closed
/// set get their words (<see cref="SchemaWords"/>).
/// </summary>
public sealed class ContractSchemas : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, Type> Records = typeof(ContractSchemas).Assembly.GetExportedTypes()
        .Where(t => !t.IsGenericType && (t.Name.EndsWith("Request", StringComparison.Ordinal) || t.Name.EndsWith("Response", StringComparison.Ordinal)))
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The fields some request can set: in a response they are the caller's own, everything else the server's.</summary>
    private static readonly HashSet<string> Writable = Records.Values.Where(IsRequest)
        .SelectMany(t => t.GetProperties().Select(p => JsonName(p))).ToHashSet(StringComparer.Ordinal);

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (name, component) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (component is not OpenApiSchema schema || !Records.TryGetValue(name, out var type))
            {
                continue;
            }

            if (IsRequest(type))
            {
                DescribeRequest(schema, type);
            }
            else
            {
                DescribeResponse(schema);
            }

            foreach (var (property, words) in SchemaWords.For(type))
            {
                if (schema.Properties is { } properties && properties.TryGetValue(property, out var found) && found is OpenApiSchema target)
                {
                    target.Enum = [.. words.Select(w => (JsonNode)w)];
                }
            }
        }

        ProblemSchema.Describe(document);
        return Task.CompletedTask;
    }

    private static void DescribeRequest(OpenApiSchema schema, Type type)
    {
        schema.Required = type.GetProperties().Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null)
            .Select(p => JsonName(p)).ToHashSet(StringComparer.Ordinal);
        if (type.GetCustomAttribute<AtLeastOneFieldAttribute>() is not null)
        {
            schema.MinProperties = 1;
        }

        if (schema.Properties is not { } properties)
        {
            return;
        }

        foreach (var name in properties.Keys.ToList())
        {
            properties[name] = NotNull(properties[name]);
        }
    }

    /// <summary>The server writes every field of a response, null ones included, so a client may rely on each being there.</summary>
    private static void DescribeResponse(OpenApiSchema schema)
    {
        schema.Required = schema.Properties?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (property is OpenApiSchema concrete && !Writable.Contains(name))
            {
                concrete.ReadOnly = true;
            }
        }
    }

    /// <summary>A nullable primitive loses its null type; a nullable reference (oneOf null and the type) becomes the reference.</summary>
    public static IOpenApiSchema NotNull(IOpenApiSchema property)
    {
        if (property is not OpenApiSchema concrete)
        {
            return property;
        }

        if (concrete.OneOf is { Count: 2 } oneOf && oneOf.FirstOrDefault(s => s.Type != JsonSchemaType.Null) is { } only
            && oneOf.Any(s => s.Type == JsonSchemaType.Null))
        {
            return only;
        }

        if (concrete.Type is { } flags && flags.HasFlag(JsonSchemaType.Null) && flags != JsonSchemaType.Null)
        {
            concrete.Type = flags & ~JsonSchemaType.Null;
        }

        return concrete;
    }

    private static bool IsRequest(Type type) => type.Name.EndsWith("Request", StringComparison.Ordinal);

    private static string JsonName(PropertyInfo property) => JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}
