using System.Reflection;
using ControlPlane.Api.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>
/// The answers the API's edge gives before or around a handler, declared on every endpoint they apply to so the OpenAPI
/// document lists them: 401 and 429 (authentication, rate limits) wherever a key is required, 403 where only support
/// keys may call, 400 wherever input is bound (malformed JSON, a query value of the wrong type, unsafe text), 413 and
/// 415 wherever a body is read (too large, not JSON), and 503 everywhere (the metadata database out of reach: every request reads it).
/// Applied last, so it sees what each endpoint's own conventions declared.
/// </summary>
public static class EdgeResponses
{
    private const string ProblemJson = "application/problem+json";

    public static void Describe(EndpointBuilder endpoint)
    {
        var metadata = endpoint.Metadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        if (authorize.Count > 0 && !metadata.OfType<IAllowAnonymous>().Any())
        {
            Add(endpoint, StatusCodes.Status401Unauthorized);
            if (authorize.Any(a => a.Policy == Policies.Support))
            {
                Add(endpoint, StatusCodes.Status403Forbidden);
            }

            Add(endpoint, StatusCodes.Status429TooManyRequests);
        }

        if (metadata.OfType<IAcceptsMetadata>().Any() || BindsInput(endpoint))
        {
            Add(endpoint, StatusCodes.Status400BadRequest);
        }

        if (metadata.OfType<IAcceptsMetadata>().Any())
        {
            Add(endpoint, StatusCodes.Status413PayloadTooLarge);
            Add(endpoint, StatusCodes.Status415UnsupportedMediaType);
        }

        Add(endpoint, StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Query and header values can be malformed or unsafe; route values are constrained (a non-guid id matches no route).</summary>
    private static bool BindsInput(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is not { } method)
        {
            return false;
        }

        var route = (endpoint as RouteEndpointBuilder)?.RoutePattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var services = endpoint.ApplicationServices.GetService<IServiceProviderIsService>();
        return method.GetParameters().Any(p =>
            p.GetCustomAttribute<FromServicesAttribute>() is null
            && !route.Contains(p.Name ?? "")
            && p.ParameterType != typeof(HttpContext)
            && p.ParameterType != typeof(CancellationToken)
            && services?.IsService(p.ParameterType) != true);
    }

    private static void Add(EndpointBuilder endpoint, int status)
    {
        if (!endpoint.Metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
        {
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), [ProblemJson]));
        }
    }
}
