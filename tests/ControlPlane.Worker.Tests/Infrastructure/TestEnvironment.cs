namespace ControlPlane.Worker.Tests.Infrastructure;

/// <summary>Where the real servers are; `make test` sets these, and the integration tests skip without them.</summary>
internal static class TestEnvironment
{
    public const string PostgresVariable = "CP_TEST_POSTGRES";
    public const string RabbitMqVariable = "CP_TEST_RABBITMQ";

    public static string? PostgresAdmin => Value(PostgresVariable);

    public static string? RabbitMq => Value(RabbitMqVariable);

    /// <summary>
    /// The cluster-wide worker role's password on the test server: the same in every test process (the end-to-end
    /// fixtures read it too), so tests that run at the same time do not lock each other's workers out.
    /// </summary>
    public static string WorkerDbPassword => Value("CP_TEST_WORKER_DB_PASSWORD") ?? "worker-test";

    private static string? Value(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
