namespace ControlPlane.Worker.Tests.Infrastructure;

/// <summary>A test against a real RabbitMQ (CP_TEST_RABBITMQ, an amqp:// URI) and a real PostgreSQL (CP_TEST_POSTGRES).</summary>
public sealed class BusFactAttribute : FactAttribute
{
    public BusFactAttribute()
    {
        if (TestEnvironment.RabbitMq is null || TestEnvironment.PostgresAdmin is null)
        {
            Skip = $"Set {TestEnvironment.RabbitMqVariable} (amqp:// URI) and {TestEnvironment.PostgresVariable} (admin connection string); make test does.";
        }
    }
}
