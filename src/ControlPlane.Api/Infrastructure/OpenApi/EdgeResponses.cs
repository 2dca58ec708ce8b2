using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api.Infrastructure;

/// <summary>
/// The answers the API's edge gives before a handler runs, declared on every endpoint they apply to so the OpenAPI
/// document lists them: 401 and 429 (authentication, rate limits) wherever a key is required, 413 wherever a body is read.
/// Applied last, so it sees what each endpoint's own conventions declared.
/// </summary>
public static class EdgeResponses
{
    private const string ProblemJson = "application/problem+json";

    public static void Describe(EndpointBuilder endpoint)
    {
        var metadata = endpoint.Metadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            Add(endpoint, StatusCodes.Status401Unauthorized);
            Add(endpoint, StatusCodes.Status429TooManyRequests);
        }

        if (metadata.OfType<IAcceptsMetadata>().Any())
        {
            Add(endpoint, StatusCodes.Status413PayloadTooLarge);
        }
    }

    private static void Add(EndpointBuilder endpoint, int status)
    {
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
        }
    }
}
