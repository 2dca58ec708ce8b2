namespace ControlPlane.Provisioning.Health;

/// <summary>Who produced an <see cref="InstanceObservation"/>.</summary>
public static class ObservationSources
{
    /// <summary>The health monitor's polling of every member's Patroni REST API: roles, timelines, lag, sync standby.</summary>
    public const string Patroni = "patroni";

    /// <summary>The Kubernetes pod watch: fast liveness and role labels, but no timeline, lag or sync standby.</summary>
    public const string PodWatch = "pod-watch";
}
