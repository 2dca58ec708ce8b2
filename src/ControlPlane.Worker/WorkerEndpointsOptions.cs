namespace ControlPlane.Worker;

/// <summary>Where the worker serves /healthz, /readyz and /metrics: a port of its own (the worker has no other HTTP).</summary>
public sealed class WorkerEndpointsOptions
{
    public const string SectionName = "ControlPlane:Worker:Endpoints";

    /// <summary>
    /// Loopback by default, as `make run` wants it (a second worker there takes 8091); in Kubernetes set
    /// http://0.0.0.0:8090 so the kubelet and the scraper reach it.
    /// </summary>
    public string Url { get; set; } = "http://127.0.0.1:8090";
}
