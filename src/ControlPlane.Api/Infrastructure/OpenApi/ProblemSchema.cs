using System.Text.Json.Nodes;
using ControlPlane.Instances.Quotas;
using Microsoft.OpenApi;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>
/// One problem-details schema for every error: RFC 9457's members and the extensions this API adds. The framework's
/// validation variant (HttpValidationProblemDetails) is the same shape here, so its uses point at this one.
/// </summary>
public static class ProblemSchema
{
    public const string Name = "ProblemDetails";
    private const string ValidationName = "HttpValidationProblemDetails";

    public static void Describe(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas)
        {
            return;
        }

        schemas[Name] = Schema();
        schemas.Remove(ValidationName);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            foreach (var media in (operation.Responses?.Values ?? Enumerable.Empty<IOpenApiResponse>()).OfType<OpenApiResponse>().SelectMany(r => r.Content?.Values ?? Enumerable.Empty<OpenApiMediaType>()))
            {
                if (media.Schema is OpenApiSchemaReference { Reference.Id: ValidationName })
                {
                    media.Schema = new OpenApiSchemaReference(Name, document);
                }
            }
        }
    }

    private static OpenApiSchema Schema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details, with the extensions this API adds where they apply.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI reference that identifies the problem type."),
            ["title"] = Text("A short summary of the problem type."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
            ["detail"] = Text("What went wrong this time, in words."),
            ["instance"] = Text("A URI reference for this occurrence."),
            ["traceId"] = Text("The request's trace id, to quote to support."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Field → messages: each offending field, named as the JSON names it (highAvailability.replicas), or the header or query parameter.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["blockingOperation"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "409: the operation that must finish first.",
                Required = new HashSet<string> { "id", "location", "type" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
                    ["location"] = Text("Where to follow it."),
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Words(ContractWords.OperationTypes) },
                },
            },
            ["currentEtag"] = Text("412: the resource's current ETag."),
            ["quota"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "409: the quota that would be exceeded.",
                Enum = Words([OrganizationQuotas.Instances, OrganizationQuotas.StorageGb]),
            },
            ["limit"] = Count("409: the quota's limit."),
            ["current"] = Count("409: what the organisation holds of it now."),
            ["requested"] = Count("409: what the request would add."),
            ["maxKeys"] = Count("409: the most active API keys an organisation may hold."),
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Count(string description) => new() { Type = JsonSchemaType.Integer, Format = "int64", Description = description };

    private static List<JsonNode> Words(IEnumerable<string> words) => [.. words.Select(w => (JsonNode)w)];
}
