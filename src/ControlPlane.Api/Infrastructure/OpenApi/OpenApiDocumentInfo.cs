using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>
/// Title, version, server, the bearer API-key scheme and the tags, so generated clients know where and how to call.
/// The server is relative ("/"): the document is served by every deployment, so it names no host of its own.
/// </summary>
public sealed class OpenApiDocumentInfo : IOpenApiDocumentTransformer
{
    public const string SecuritySchemeName = "apiKey";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Catalog", "What can be ordered: plans, PostgreSQL major versions and regions."),
        ("Instances", "Highly available PostgreSQL instances: create, read, change and delete them, switch over, read health, events and credentials. Changes answer 202 with the operation that carries them out."),
        ("Backups", "An instance's backups: take one on demand (202 with its operation) and list them with their WAL range, size and outcome."),
        ("Operations", "Accepted changes as the worker carries them out: follow the Location of a 202 until the status is succeeded or failed."),
        ("Organizations", "Tenants, their quotas and their API keys."),
        ("Support", "Provider staff only: support keys and the audit log."),
    ];

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "ControlPlane API",
            Version = "v1",
            Description = """
                Managed high-availability PostgreSQL: instances, operations, health and failover events.

                Every error is RFC 9457 problem details (`application/problem+json`) naming the offending field in `errors`.
                A change is accepted with 202 and a `Location` to follow: the operation that carries it out.
                Changes to an instance need `If-Match` with the ETag of the last read.
                """,
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document." }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key: Authorization: Bearer <key>. Member keys act in their organisation; support keys in every one.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecuritySchemeName, document)] = [] }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        return Task.CompletedTask;
    }
}
