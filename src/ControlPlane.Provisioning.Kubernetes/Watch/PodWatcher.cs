using System.Net;
using ControlPlane.Provisioning.Health;
using ControlPlane.Provisioning.Kubernetes.Apply;
using ControlPlane.Provisioning.Kubernetes.Specs;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ControlPlane.Provisioning.Kubernetes.Watch;

/// <summary>
/// One watch over every managed pod in every namespace (not one per instance: the API server's watch cost grows with
/// the number of watches). It lists, then watches from the list's resourceVersion; a dropped stream resumes from the
/// last version seen, with backoff; 410 Gone (history compacted) means events were lost, so it lists again.
/// Every change sends the whole current member set of the affected instance (Complete = true) to the sink.
/// </summary>
public sealed class PodWatcher(
    IKubernetes client,
    IInstanceObservationSink sink,
    KnownInstances known,
    IMonitoredInstances monitored,
    IOptions<KubernetesDriverOptions> options,
    TimeProvider timeProvider,
    ILogger<PodWatcher> logger) : BackgroundService
{
    public const string Source = "pod-watch";

    private readonly KubernetesDriverOptions _options = options.Value;
    private readonly PodWatchState _state = new(options.Value);

    // The last version seen on any event, so a broken stream resumes where it stopped rather than where it began.
    private string? _resourceVersion;

    /// <summary>Number of full lists so far (the first one included); tests use it to see a relist happen.</summary>
    public int Lists { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                _resourceVersion ??= await ListAsync(cancellationToken);
                var gone = await WatchAsync(cancellationToken);
                if (gone)
                {
                    _resourceVersion = null;
                    logger.LogInformation("Pod watch history expired (410 Gone); listing again");
                    continue;
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (ApiErrors.Status(e) == HttpStatusCode.Gone)
                {
                    _resourceVersion = null;
                    continue;
                }

                failures++;
                var delay = Backoff(failures);
                logger.LogWarning("Pod watch failed ({Failures} in a row), resuming from {ResourceVersion} in {Delay}: {Error}",
                    failures, _resourceVersion ?? "a new list", delay, e.Message);
                await Task.Delay(delay, timeProvider, cancellationToken);
            }
        }
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var list = await client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: InstanceLabels.ManagedSelector, cancellationToken: cancellationToken);
        Lists++;
        var affected = _state.Replace(list.Items);
        foreach (var instanceId in affected)
        {
            await EmitAsync(instanceId, cancellationToken);
        }

        logger.LogInformation("Listed {Pods} managed pods of {Instances} instances at {ResourceVersion}",
            list.Items.Count, affected.Count, list.Metadata.ResourceVersion);
        return list.Metadata.ResourceVersion;
    }

    /// <summary>Watches until the stream ends; true when the server said 410 Gone (a relist is needed).</summary>
    private async Task<bool> WatchAsync(CancellationToken cancellationToken)
    {
        Exception? streamError = null;
        var stream = client.CoreV1.WatchListPodForAllNamespacesAsync(
            allowWatchBookmarks: true,
            labelSelector: InstanceLabels.ManagedSelector,
            resourceVersion: _resourceVersion,
            timeoutSeconds: (int)_options.WatchTimeout.TotalSeconds,
            onError: e => streamError ??= e,
            cancellationToken: cancellationToken);

        await foreach (var (type, pod) in stream.WithCancellation(cancellationToken))
        {
            if (pod?.Metadata?.ResourceVersion is { Length: > 0 } version)
            {
                _resourceVersion = version;
            }

            if (type == WatchEventType.Bookmark || pod is null)
            {
                continue;
            }

            if (_state.Apply(type, pod) is { } instanceId)
            {
                await EmitAsync(instanceId, cancellationToken);
            }
        }

        // The client reports ERROR events (a Status) through onError and keeps reading; the server then ends the stream.
        return streamError switch
        {
            KubernetesException { Status.Code: 410 } => true,
            null => false,
            _ => throw new InvalidOperationException($"pod watch error: {streamError.Message}", streamError),
        };
    }

    /// <summary>
    /// Reports the instance's members and points the health prober at their current IPs, so a pod that comes back
    /// with a new IP is probed there at once rather than after the next resync. Only instances the driver reconciled
    /// count, and only their pods in their own namespace.
    /// </summary>
    private async Task EmitAsync(Guid instanceId, CancellationToken cancellationToken)
    {
        if (!known.TryGetNamespace(instanceId, out var ns))
        {
            // Not reconciled by this worker (yet): the health monitor does not follow it either.
            return;
        }

        var pods = _state.PodsOf(instanceId).Where(p => p.Metadata.NamespaceProperty == ns).ToList();
        var members = pods.Select(p => PodMembers.Observe(p, _options)).ToList();
        await sink.ObserveAsync(new InstanceObservation(instanceId, Source, timeProvider.GetUtcNow(), members, Complete: true), cancellationToken);
        if (monitored.TryGet(instanceId, out var tracked))
        {
            var endpoints = MemberEndpoints.From(pods, _options);
            if (!endpoints.SequenceEqual(tracked.Endpoints))
            {
                monitored.Track(instanceId, tracked with { Endpoints = endpoints });
                logger.LogInformation("Members of {InstanceId} now at {Endpoints}", instanceId, string.Join(", ", endpoints.Select(e => $"{e.Member}={e.ApiUrl.Authority}")));
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 10));
        var delay = TimeSpan.FromTicks((long)(_options.WatchRetryDelay.Ticks * factor));
        return delay > _options.WatchRetryMaxDelay ? _options.WatchRetryMaxDelay : delay;
    }
}
