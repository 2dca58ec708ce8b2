namespace ControlPlane.Bench;

/// <summary>One region (one worker queue) per measurement, so their commands never mix.</summary>
public static class Regions
{
    public const string Read = "bench-read";
    public const string Write = "bench-write";
    public const string Kubernetes = "bench-k8s";
    public const string Local = "bench-local";

    public static readonly string[] All = [Read, Write, Kubernetes, Local];
}
