using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>What each error status means in this API, and which problem-details extensions it carries.</summary>
public sealed class ResponseDescriptions : IOpenApiOperationTransformer
{
    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        ["400"] = "Malformed: not JSON, a value of the wrong type, a field that fails a check, or text with control characters. `errors` names each field.",
        ["401"] = "No API key, or one that is unknown, expired or revoked.",
        ["403"] = "The key is valid but this operation is for support keys only.",
        ["404"] = "No such resource, or it belongs to another organisation.",
        ["409"] = "Conflicts with the current state: another operation is running (`blockingOperation`), the name is taken, a quota would be exceeded (`quota`, `limit`, `current`, `requested`), or a key limit is reached.",
        ["412"] = "If-Match names an ETag that is no longer current: read again and retry (`currentEtag`).",
        ["413"] = "The body is over the size limit.",
        ["415"] = "The body is not sent as JSON (application/json, or application/merge-patch+json for a PATCH).",
        ["422"] = "Well formed but breaks a rule (an unknown plan, version or region, a change that shrinks storage, a bad filter). `errors` names each field.",
        ["428"] = "If-Match is required: send the ETag of the last read.",
        ["429"] = "Too many requests from this key (or, before authentication, this address): wait for Retry-After.",
        ["503"] = "The metadata database is busy or out of reach for a moment: retry after Retry-After.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.Responses is not { } responses)
        {
            return Task.CompletedTask;
        }

        foreach (var (status, response) in responses)
        {
            if (response is OpenApiResponse concrete && Meanings.TryGetValue(status, out var meaning))
            {
                concrete.Description = meaning;
            }
        }

        return Task.CompletedTask;
    }
}
