using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api.Infrastructure;

/// <summary>
/// The <see cref="UnsafeText"/> rule for every string an endpoint binds from the query, the route or a header (bodies are
/// checked as they are read, by <see cref="SafeStringConverter"/>). Installed once on the API's root group.
/// </summary>
public static class UnsafeTextFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checkedParameters = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (parameter, index))
            .Where(p => p.parameter.ParameterType == typeof(string) && p.parameter.GetCustomAttribute<FromServicesAttribute>() is null)
            .Select(p => (p.index, name: WireName(p.parameter)))
            .ToArray();
        if (checkedParameters.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            foreach (var (index, name) in checkedParameters)
            {
                if (invocation.Arguments[index] is string value && UnsafeText.Problem(name, value) is { } problem)
                {
                    return ValueTask.FromResult<object?>(TypedResults.ValidationProblem(
                        new Dictionary<string, string[]> { [name] = [problem] }, detail: problem, title: "The request is invalid"));
                }
            }

            return next(invocation);
        };
    }

    /// <summary>The name the caller used: the header's or query key's, not the C# parameter's.</summary>
    private static string WireName(ParameterInfo parameter) =>
        parameter.GetCustomAttribute<FromHeaderAttribute>()?.Name
        ?? parameter.GetCustomAttribute<FromQueryAttribute>()?.Name
        ?? parameter.GetCustomAttribute<FromRouteAttribute>()?.Name
        ?? parameter.Name!;
}
