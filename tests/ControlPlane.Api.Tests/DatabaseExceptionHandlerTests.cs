using ControlPlane.Api.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ControlPlane.Api.Tests;

/// <summary>A database out of reach for a moment is a 503 to retry, never a 500.</summary>
public sealed class DatabaseExceptionHandlerTests
{
    [Fact]
    public async Task Should_answer_503_with_retry_after_when_the_connection_pool_is_exhausted()
    {
        // What Npgsql throws when every pooled connection stays busy past the connection timeout (seen in the bench).
        var exhausted = new NpgsqlException("The connection pool has been exhausted", new TimeoutException("The operation has timed out."));
        var http = await HandleAsync(exhausted);

        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Should_leave_a_database_error_that_is_not_transient_to_the_generic_handler()
    {
        var handled = await HandledAsync(new NpgsqlException("syntax error"));

        Assert.False(handled);
    }

    private static async Task<DefaultHttpContext> HandleAsync(Exception exception)
    {
        var (http, handled) = await RunAsync(exception);
        Assert.True(handled);
        return http;
    }

    private static async Task<bool> HandledAsync(Exception exception) => (await RunAsync(exception)).Handled;

    private static async Task<(DefaultHttpContext Http, bool Handled)> RunAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Response.Body = new MemoryStream();
        var handler = new DatabaseExceptionHandler(services.GetRequiredService<IProblemDetailsService>());
        var handled = await handler.TryHandleAsync(http, exception, CancellationToken.None);
        return (http, handled);
    }
}
