using ControlPlane.Api.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ControlPlane.Api.Infrastructure;

/// <summary>
/// Bodies over <see cref="RequestLimitsOptions.MaxBodyBytes"/> are refused with 413 problem details before anything reads
/// them. A declared Content-Length is checked here; a chunked body is cut off by the server's own limit, set to the same value.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<RequestLimitsOptions> options, IProblemDetailsService problemDetails)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var max = options.Value.MaxBodyBytes;
        if (http.Request.ContentLength > max)
        {
            http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problemDetails.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = "Request body too large",
                    Detail = $"The request body is over the limit of {max} bytes.",
                },
            });
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }

        await next(http);
    }
}
