using Microsoft.AspNetCore.Mvc;

namespace ControlPlane.Api.Errors;

/// <summary>
/// A status a route may refuse with, as a type, so a handler's return type (<see cref="Refused{T1,T2}"/>) lists its
/// statuses for the OpenAPI document. Never instantiated.
/// </summary>
public interface IRefusalStatus
{
    static abstract int StatusCode { get; }

    /// <summary>The schema of the body: problem details, with field errors where the status is about fields.</summary>
    static virtual Type Body => typeof(ProblemDetails);
}

/// <summary>The request contradicts itself; <c>errors</c> names each field.</summary>
public sealed class Problem400 : IRefusalStatus
{
    private Problem400()
    {
    }

    public static int StatusCode => StatusCodes.Status400BadRequest;

    public static Type Body => typeof(HttpValidationProblemDetails);
}

public sealed class Problem404 : IRefusalStatus
{
    private Problem404()
    {
    }

    public static int StatusCode => StatusCodes.Status404NotFound;
}

/// <summary>The instance's state, another operation (<c>blockingOperation</c>), a taken name or a quota (<c>quota</c>).</summary>
public sealed class Problem409 : IRefusalStatus
{
    private Problem409()
    {
    }

    public static int StatusCode => StatusCodes.Status409Conflict;
}

/// <summary>The ETag sent is not the current one (<c>currentEtag</c>).</summary>
public sealed class Problem412 : IRefusalStatus
{
    private Problem412()
    {
    }

    public static int StatusCode => StatusCodes.Status412PreconditionFailed;
}

/// <summary>A well-formed request that breaks a rule; <c>errors</c> names the field when there is one.</summary>
public sealed class Problem422 : IRefusalStatus
{
    private Problem422()
    {
    }

    public static int StatusCode => StatusCodes.Status422UnprocessableEntity;
}

/// <summary>If-Match is required.</summary>
public sealed class Problem428 : IRefusalStatus
{
    private Problem428()
    {
    }

    public static int StatusCode => StatusCodes.Status428PreconditionRequired;
}
