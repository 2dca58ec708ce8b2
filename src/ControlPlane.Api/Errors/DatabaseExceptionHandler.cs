using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ControlPlane.Api.Errors;

/// <summary>
/// Known database outcomes are answers, not crashes: a unique violation is a 409, a concurrent write a 409 to retry, and a
/// database that is momentarily out of reach (connection pool exhausted, connect or command timeout, a broken
/// connection) a 503 with Retry-After, which clients and load balancers retry, rather than a 500.
/// </summary>
public sealed class DatabaseExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    private const string RetryAfterSeconds = "1";

    private static bool IsTransient(Exception exception) => exception switch
    {
        NpgsqlException { IsTransient: true } => true,
        DbUpdateException { InnerException: NpgsqlException { IsTransient: true } } => true,
        InvalidOperationException { InnerException: NpgsqlException { IsTransient: true } } => true,
        _ => false,
    };

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            DbUpdateConcurrencyException => (409, "Conflict", "The resource was changed concurrently; read it again and retry."),
            DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
                (409, "Conflict", "A resource with the same unique value already exists."),
            _ when IsTransient(exception) => (503, "Service Unavailable", "The metadata database is busy or out of reach; retry shortly."),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        if (status == 503)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
