using ControlPlane.Api.Errors;
using FluentValidation;

namespace ControlPlane.Api.Infrastructure;

/// <summary>Runs the FluentValidation validator of the endpoint's body and answers 400 problem details naming each field.</summary>
public sealed class ValidationFilter<TRequest>(IValidator<TRequest> validator) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.Arguments.OfType<TRequest>().FirstOrDefault();
        if (request is null)
        {
            return TypedResults.Problem(statusCode: 400, title: "Malformed request", detail: "A JSON body is required.");
        }

        var result = await validator.ValidateAsync(request, context.HttpContext.RequestAborted);
        if (result.IsValid)
        {
            return await next(context);
        }

        return Problems.Invalid(result.ToDictionary(), string.Join(" ", result.Errors.Select(e => e.ErrorMessage)));
    }
}
