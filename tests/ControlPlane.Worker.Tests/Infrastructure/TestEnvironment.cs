namespace ControlPlane.Worker.Tests.Infrastructure;

/// <summary>Where the real servers are; `make test` sets these, and the integration tests skip without them.</summary>
internal static class TestEnvironment
{
    public const string PostgresVariable = "CP_TEST_POSTGRES";
    public const string RabbitMqVariable = "CP_TEST_RABBITMQ";

    public static string? PostgresAdmin => Value(PostgresVariable);

    public static string? RabbitMq => Value(RabbitMqVariable);

    private static string? Value(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
