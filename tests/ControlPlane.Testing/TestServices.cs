namespace ControlPlane.Testing;

/// <summary>
/// The PostgreSQL and RabbitMQ that `make test` starts (scripts/test.sh sets the variables). Where a variable is not
/// set, the connection strings fall back to the same ports rather than skipping: a run without the services should
/// fail loudly, not pass quietly. Tests that do skip without them ask <see cref="Configured"/>.
/// </summary>
public static class TestServices
{
    public const string PostgresVariable = "CP_TEST_POSTGRES";
    public const string RabbitMqVariable = "CP_TEST_RABBITMQ";

    public static string PostgresAdmin => Configured(PostgresVariable) ?? "Host=127.0.0.1;Port=55432;Username=postgres;Password=postgres";

    public static string RabbitMq => Configured(RabbitMqVariable) ?? "amqp://guest:guest@127.0.0.1:55672/";

    public static Uri RabbitMqUri => new(RabbitMq);

    /// <summary>The API's own broker user (scripts/rabbitmq.sh): it may send commands, not publish worker events.</summary>
    public static string? RabbitMqApi => Configured("CP_TEST_RABBITMQ_API");

    /// <summary>The worker's own broker user: it may publish events, not send commands.</summary>
    public static string? RabbitMqWorker => Configured("CP_TEST_RABBITMQ_WORKER");

    /// <summary>
    /// The password of the cluster-wide worker role on the test server. Every fixture of every test process sets the
    /// same one: a password of each fixture's own made the fixtures that ran at the same time lock each other's workers out.
    /// </summary>
    public static string WorkerDbPassword => Configured("CP_TEST_WORKER_DB_PASSWORD") ?? "worker-test";

    /// <summary>The variable's value, or null where it is unset or empty.</summary>
    public static string? Configured(string variable) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}
