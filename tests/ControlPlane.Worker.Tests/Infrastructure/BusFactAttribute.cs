namespace ControlPlane.Worker.Tests.Infrastructure;

/// <summary>A test against a real RabbitMQ (CP_TEST_RABBITMQ, an amqp:// URI) and a real PostgreSQL (CP_TEST_POSTGRES).</summary>
public sealed class BusFactAttribute : FactAttribute
{
    public BusFactAttribute()
    {
        if (TestServices.Configured(TestServices.RabbitMqVariable) is null || TestServices.Configured(TestServices.PostgresVariable) is null)
        {
            Skip = $"Set {TestServices.RabbitMqVariable} (amqp:// URI) and {TestServices.PostgresVariable} (admin connection string); make test does.";
        }
    }
}
