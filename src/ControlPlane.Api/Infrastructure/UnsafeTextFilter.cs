using System.Reflection;
using ControlPlane.Api.Errors;
using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api.Infrastructure;

/// <summary>
/// The <see cref="UnsafeText"/> rule for every string an endpoint binds, wherever it comes from: the query, the route,
/// a header, or anywhere inside the JSON body. Installed once, on the API's root group, so no endpoint can forget it.
/// </summary>
public static class UnsafeTextFilter
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        // As minimal APIs infer it: a parameter of the API's own types that is not a registered service is the body.
        var services = context.ApplicationServices.GetRequiredService<IServiceProviderIsService>();
        var inputs = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (parameter, index))
            .Where(p => IsInput(p.parameter, services))
            .Select(p => (p.index, name: WireName(p.parameter)))
            .ToArray();
        if (inputs.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            foreach (var (index, name) in inputs)
            {
                foreach (var (path, value) in TextFields.Of(invocation.Arguments[index], name))
                {
                    if (UnsafeText.Problem(path, value) is { } problem)
                    {
                        return ValueTask.FromResult<object?>(Problems.Invalid(new Dictionary<string, string[]> { [path] = [problem] }, problem));
                    }
                }
            }

            return next(invocation);
        };
    }

    /// <summary>Strings from the query, route or headers, and the body.</summary>
    private static bool IsInput(ParameterInfo parameter, IServiceProviderIsService services) =>
        parameter.GetCustomAttribute<FromServicesAttribute>() is null &&
        (parameter.ParameterType == typeof(string) ||
         (parameter.ParameterType.Namespace?.StartsWith("ControlPlane.Api.", StringComparison.Ordinal) == true && !services.IsService(parameter.ParameterType)));

    /// <summary>The name the caller used: the header's or query key's, not the C# parameter's; a body's fields are named from its root.</summary>
    private static string WireName(ParameterInfo parameter) =>
        parameter.ParameterType != typeof(string) ? ""
        : parameter.GetCustomAttribute<FromHeaderAttribute>()?.Name
          ?? parameter.GetCustomAttribute<FromQueryAttribute>()?.Name
          ?? parameter.GetCustomAttribute<FromRouteAttribute>()?.Name
          ?? parameter.Name!;
}
