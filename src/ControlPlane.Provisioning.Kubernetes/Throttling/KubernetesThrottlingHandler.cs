namespace ControlPlane.Provisioning.Kubernetes.Throttling;

/// <summary>Holds each request to the API server (reads, writes and the start of a watch) until the throttle lets it go.</summary>
public sealed class KubernetesThrottlingHandler(KubernetesRequestThrottle throttle) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await throttle.WaitAsync(cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}
