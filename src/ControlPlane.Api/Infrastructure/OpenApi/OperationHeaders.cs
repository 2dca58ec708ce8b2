using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlPlane.Api.Infrastructure;

/// <summary>The headers that come with the edge's answers: WWW-Authenticate on 401, Retry-After on 429.</summary>
public sealed class EdgeResponseHeaders : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses is not { } responses)
        {
            return Task.CompletedTask;
        }

        AddHeader(responses, "401", "WWW-Authenticate", "The scheme to authenticate with: Bearer (with error=\"invalid_token\" when the key sent was refused).");
        AddHeader(responses, "429", "Retry-After", "Seconds to wait before retrying.");
        return Task.CompletedTask;
    }

    private static void AddHeader(OpenApiResponses responses, string status, string name, string description)
    {
        if (responses.TryGetValue(status, out var response) && response is OpenApiResponse concrete)
        {
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers[name] = new OpenApiHeader
            {
                Description = description,
                Schema = new OpenApiSchema { Type = name == "Retry-After" ? JsonSchemaType.Integer : JsonSchemaType.String },
            };
        }
    }
}
