namespace ControlPlane.Kubernetes.Fake;

/// <summary>How the double behaves. The defaults suit the driver's tests; benchmarks may widen the history window.</summary>
public sealed class FakeKubernetesOptions
{
    /// <summary>How many past changes a watch can resume from; older resourceVersions get a 410 Gone ERROR event.</summary>
    public int WatchHistoryWindow { get; set; } = 10_000;

    /// <summary>
    /// Stand in for Patroni's pod labelling: the lowest ordinal of a StatefulSet without a leader gets
    /// <see cref="RoleLabelKey"/>=<see cref="PrimaryRoleValue"/>, every other pod <see cref="ReplicaRoleValue"/>.
    /// Null disables it.
    /// </summary>
    public string? RoleLabelKey { get; set; } = "spilo-role";

    public string PrimaryRoleValue { get; set; } = "master";

    public string ReplicaRoleValue { get; set; } = "replica";

    /// <summary>The first pod IP handed out is 127.0.10.1; pods always get loopback addresses so tests can bind them.</summary>
    public int PodIpThirdOctet { get; set; } = 10;

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
