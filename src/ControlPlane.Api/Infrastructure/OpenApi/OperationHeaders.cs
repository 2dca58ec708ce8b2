using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>
/// The headers of each operation: those every answer of a kind carries (WWW-Authenticate on 401, Retry-After on 429
/// and 503, Location on 201 and 202), and those a route declares (<see cref="ResponseHeader"/>, <see cref="RequestHeader"/>).
/// </summary>
public sealed class OperationHeaders : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var header in metadata.OfType<RequestHeader>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = header.Name,
                In = ParameterLocation.Header,
                Required = header.Required,
                Description = header.Description,
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        if (operation.Responses is not { } responses)
        {
            return Task.CompletedTask;
        }

        Add(responses, "401", "WWW-Authenticate", "The scheme to authenticate with: Bearer (with error=\"invalid_token\" when the key sent was refused).", true);
        Add(responses, "429", "Retry-After", "Seconds to wait before retrying.", true, JsonSchemaType.Integer);
        Add(responses, "503", "Retry-After", "Seconds to wait before retrying.", true, JsonSchemaType.Integer);
        Add(responses, "201", "Location", "Where the created resource is read.", true);
        Add(responses, "202", "Location", "The operation that carries out the accepted change: follow it until its status is succeeded or failed.", true);
        foreach (var header in metadata.OfType<ResponseHeader>())
        {
            Add(responses, header.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), header.Name, header.Description, header.Required);
        }

        return Task.CompletedTask;
    }

    private static void Add(OpenApiResponses responses, string status, string name, string description, bool required, JsonSchemaType type = JsonSchemaType.String)
    {
        if (responses.TryGetValue(status, out var response) && response is OpenApiResponse concrete)
        {
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers[name] = new OpenApiHeader
            {
                Description = description,
                Required = required,
                Schema = new OpenApiSchema { Type = type },
            };
        }
    }
}
