using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>Each operation says whether it needs a key: the scheme where authorization is required, none (empty) where anonymous.</summary>
public sealed class OperationSecurity : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var anonymous = !metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any();
        operation.Security = anonymous
            ? []
            : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiDocumentInfo.SecuritySchemeName, context.Document)] = [] }];
        return Task.CompletedTask;
    }
}
