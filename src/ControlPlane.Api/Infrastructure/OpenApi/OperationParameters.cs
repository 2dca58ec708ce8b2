using ControlPlane.Api.Instances;
using ControlPlane.Instances.Idempotency;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>What the common parameters mean, and the words of those that take a closed set (<see cref="ParameterWords"/>).</summary>
public sealed class OperationParameters : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.Ordinal)
    {
        ["id"] = "The resource's id.",
        ["pageSize"] = $"How many items a page holds: 1 to {PageTokens.MaxPageSize} (default {PageTokens.DefaultPageSize}).",
        ["pageToken"] = "The nextPageToken of the previous page; omitted for the first page.",
        ["organizationId"] = "Support keys only: the organisation to act in or list. Member keys always act in their own, whatever is named here.",
        [IdempotencyKeys.Header] = $"A key of the caller's choosing (1 to {IdempotencyStore.MaxKeyLength} characters): the same request with the same key within {IdempotencyStore.Window.TotalHours} h is answered with the first answer again, and creates nothing more.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var words = context.Description.ActionDescriptor.EndpointMetadata.OfType<ParameterWords>().ToDictionary(w => w.Parameter, w => w.Words, StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is not { } name)
            {
                continue;
            }

            if (parameter.Description is null && Descriptions.TryGetValue(name, out var description))
            {
                parameter.Description = description;
            }

            if (words.TryGetValue(name, out var set) && parameter.Schema is OpenApiSchema schema)
            {
                schema.Enum = [.. set.Select(w => (System.Text.Json.Nodes.JsonNode)w)];
            }
        }

        return Task.CompletedTask;
    }
}
