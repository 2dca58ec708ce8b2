namespace ControlPlane.Api.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL and RabbitMQ that `make test` starts. Without its variables the tests fall back to the same ports
/// rather than skipping: a run without the services should fail loudly, not pass quietly.
/// </summary>
public static class TestServices
{
    public static string PostgresAdmin =>
        Environment.GetEnvironmentVariable("CP_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres";

    public static Uri RabbitMq =>
        new(Environment.GetEnvironmentVariable("CP_TEST_RABBITMQ") is { Length: > 0 } value
            ? value
            : "amqp://guest:guest@127.0.0.1:55672/");
}
