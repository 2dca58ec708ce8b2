namespace ControlPlane.Contracts.Events;

/// <summary>The health vocabulary shared by the worker and the API, kept apart from lifecycle status.</summary>
public static class InstanceHealthStates
{
    public const string Healthy = "healthy";
    public const string Degraded = "degraded";
    public const string Unavailable = "unavailable";
    public const string Unknown = "unknown";
}
