namespace ControlPlane.Worker.Tests.Infrastructure;

/// <summary>A test against a real PostgreSQL (admin connection string in CP_TEST_POSTGRES).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestServices.Configured(TestServices.PostgresVariable) is null)
        {
            Skip = $"Set {TestServices.PostgresVariable} to an admin connection string of a test PostgreSQL (make test does).";
        }
    }
}
