namespace ControlPlane.Provisioning.Kubernetes.Tests.Support;

/// <summary>A fact that needs a local PostgreSQL server to stand in for a pod's; skipped, with the reason, where there is none.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (ControlPlane.Kubernetes.Fake.PodPostgres.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
