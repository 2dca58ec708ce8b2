using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>Puts each route's <see cref="RequestExample"/> on every media type its body is accepted as.</summary>
public sealed class RequestExamples : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var example = context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestExample>().LastOrDefault();
        if (example is null || operation.RequestBody?.Content is not { } content)
        {
            return Task.CompletedTask;
        }

        foreach (var media in content.Values.OfType<OpenApiMediaType>())
        {
            media.Example = JsonNode.Parse(example.Json);
        }

        return Task.CompletedTask;
    }
}
