using System.Reflection;
using ControlPlane.Instances;
using Microsoft.AspNetCore.Http.Metadata;

namespace ControlPlane.Api.Errors;

/// <summary>
/// A use case's refusal as the route answers it: the problem details of <see cref="RefusalProblems"/>. The generic
/// forms name the statuses the route can refuse with, which is what the OpenAPI document lists; a refusal whose
/// status the route does not name is a bug in the route's declaration and throws rather than answer off the contract.
/// </summary>
public abstract class Refused : IResult, IStatusCodeHttpResult, INestedHttpResult
{
    private protected Refused(Refusal refusal, params int[] declared)
    {
        Result = RefusalProblems.From(refusal);
        StatusCode = (Result as IStatusCodeHttpResult)?.StatusCode;
        if (StatusCode is not { } status || !declared.Contains(status))
        {
            throw new InvalidOperationException(
                $"A {refusal.GetType().Name} refusal answers {StatusCode}, which this route does not declare ({string.Join(", ", declared)}).");
        }
    }

    public IResult Result { get; }

    public int? StatusCode { get; }

    public Task ExecuteAsync(HttpContext httpContext) => Result.ExecuteAsync(httpContext);

    private protected static void Declare<TStatus>(EndpointBuilder builder)
        where TStatus : IRefusalStatus =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(TStatus.StatusCode, TStatus.Body, ["application/problem+json"]));
}

// One class per number of statuses, as ASP.NET Core's Results<T1, …> does.
public sealed class Refused<T1>(Refusal refusal) : Refused(refusal, T1.StatusCode), IEndpointMetadataProvider
    where T1 : IRefusalStatus
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Declare<T1>(builder);
}

public sealed class Refused<T1, T2>(Refusal refusal) : Refused(refusal, T1.StatusCode, T2.StatusCode), IEndpointMetadataProvider
    where T1 : IRefusalStatus
    where T2 : IRefusalStatus
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        Declare<T1>(builder);
        Declare<T2>(builder);
    }
}

public sealed class Refused<T1, T2, T3>(Refusal refusal) : Refused(refusal, T1.StatusCode, T2.StatusCode, T3.StatusCode), IEndpointMetadataProvider
    where T1 : IRefusalStatus
    where T2 : IRefusalStatus
    where T3 : IRefusalStatus
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        Declare<T1>(builder);
        Declare<T2>(builder);
        Declare<T3>(builder);
    }
}

public sealed class Refused<T1, T2, T3, T4>(Refusal refusal) : Refused(refusal, T1.StatusCode, T2.StatusCode, T3.StatusCode, T4.StatusCode), IEndpointMetadataProvider
    where T1 : IRefusalStatus
    where T2 : IRefusalStatus
    where T3 : IRefusalStatus
    where T4 : IRefusalStatus
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        Declare<T1>(builder);
        Declare<T2>(builder);
        Declare<T3>(builder);
        Declare<T4>(builder);
    }
}

public sealed class Refused<T1, T2, T3, T4, T5, T6>(Refusal refusal)
    : Refused(refusal, T1.StatusCode, T2.StatusCode, T3.StatusCode, T4.StatusCode, T5.StatusCode, T6.StatusCode), IEndpointMetadataProvider
    where T1 : IRefusalStatus
    where T2 : IRefusalStatus
    where T3 : IRefusalStatus
    where T4 : IRefusalStatus
    where T5 : IRefusalStatus
    where T6 : IRefusalStatus
{
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        Declare<T1>(builder);
        Declare<T2>(builder);
        Declare<T3>(builder);
        Declare<T4>(builder);
        Declare<T5>(builder);
        Declare<T6>(builder);
    }
}
