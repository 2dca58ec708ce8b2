using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// A test double of the Kubernetes API server on 127.0.0.1 (a free port) that the real KubernetesClient talks to over HTTP:
/// CRUD with real status codes and resourceVersions, label selectors, merge patches, cascading deletes, watches that
/// resume or answer 410, a simulated StatefulSet controller, fault injection and inspection helpers.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ObjectStore _store;
    private readonly StatefulSetSimulator _simulator;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<FaultRule> _faults = [];

    private FakeKubernetesApi(FakeKubernetesOptions options)
    {
        Options = options;
        _store = new ObjectStore(options);
        _simulator = new StatefulSetSimulator(_store, options);
        var handler = new RequestHandler(_store);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(async ctx =>
        {
            _requests.Enqueue(new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "", ctx.Request.QueryString.Value ?? "", ctx.Request.ContentType));
            var pathAndQuery = ctx.Request.Path.Value + ctx.Request.QueryString.Value;
            FaultRule? fault;
            lock (_faults)
            {
                fault = _faults.FirstOrDefault(f => f.TryConsume(ctx.Request.Method, pathAndQuery));
            }

            if (fault is not null)
            {
                await RequestHandler.WriteFaultAsync(ctx, fault.StatusCode);
                return;
            }

            await handler.HandleAsync(ctx);
        });
    }

    public FakeKubernetesOptions Options { get; }

    /// <summary>The base address to give KubernetesClientConfiguration.Host.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public static async Task<FakeKubernetesApi> StartAsync(FakeKubernetesOptions? options = null, CancellationToken cancellationToken = default)
    {
        var fake = new FakeKubernetesApi(options ?? new FakeKubernetesOptions());
        await fake._app.StartAsync(cancellationToken);
        var address = fake._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return fake;
    }

    /// <summary>A real client pointed at this double.</summary>
    public IKubernetes CreateClient() => new k8s.Kubernetes(new KubernetesClientConfiguration { Host = Url.ToString() });

    // ---- inspection ----

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public int CountRequests(string method, string? pathContains = null) =>
        _requests.Count(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
                             && (pathContains is null || (r.Path + r.Query).Contains(pathContains, StringComparison.Ordinal)));

    public int CountWrites(string? pathContains = null) =>
        _requests.Count(r => r.IsWrite && (pathContains is null || r.Path.Contains(pathContains, StringComparison.Ordinal)));

    /// <summary>Requests per HTTP method, e.g. ["PATCH"] = 3.</summary>
    public IReadOnlyDictionary<string, int> RequestCountsByMethod =>
        _requests.GroupBy(r => r.Method, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public void ClearRequests() => _requests.Clear();

    public long CurrentResourceVersion => _store.CurrentResourceVersion;

    public int ActiveWatchCount => _store.ActiveWatches;

    /// <summary>The stored object as JSON, or null. <paramref name="plural"/> is the resource name, e.g. "statefulsets".</summary>
    public JsonObject? GetObject(string plural, string? ns, string name) => _store.Get(ResourceKinds.ByPlural(plural), ns, name);

    public T? Get<T>(string plural, string? ns, string name)
        where T : class =>
        GetObject(plural, ns, name) is { } obj ? KubernetesJson.Deserialize<T>(obj.ToJsonString()) : null;

    public IReadOnlyList<JsonObject> ListObjects(string plural, string? ns = null, string? labelSelector = null) =>
        _store.List(ResourceKinds.ByPlural(plural), ns, LabelSelector.Parse(labelSelector)).Items;

    public IReadOnlyList<T> List<T>(string plural, string? ns = null, string? labelSelector = null) =>
        ListObjects(plural, ns, labelSelector).Select(o => KubernetesJson.Deserialize<T>(o.ToJsonString())).ToList();

    public string? PodIp(string ns, string pod) => GetObject("pods", ns, pod)?["status"]?["podIP"]?.GetValue<string>();

    /// <summary>The next time this pod is recreated it gets a new IP, as a real pod usually does (by default it keeps its own).</summary>
    public void MoveOnRecreate(string ns, string pod) => _simulator.ForgetIp(ns, pod);

    // ---- fault injection ----

    /// <summary>The next <paramref name="count"/> requests whose path and query contain <paramref name="pathContains"/> get <paramref name="statusCode"/>.</summary>
    public void FailNextRequests(int count, int statusCode, string pathContains, string? method = null)
    {
        lock (_faults)
        {
            _faults.RemoveAll(f => f.Remaining == 0);
            _faults.Add(new FaultRule(statusCode, pathContains, method, count));
        }
    }

    public int PendingFaults
    {
        get
        {
            lock (_faults)
            {
                return _faults.Sum(f => f.Remaining);
            }
        }
    }

    /// <summary>Ends every open watch: cleanly (end of stream) or by aborting the connection (an I/O error on the client).</summary>
    public void DropWatches(bool abortConnection = false) => _store.DropWatches(abortConnection);

    /// <summary>A BOOKMARK with the current resourceVersion on every watch opened with allowWatchBookmarks=true.</summary>
    public void SendBookmarks() => _store.SendBookmarks();

    /// <summary>Forgets the change history, so a watch resuming from any earlier resourceVersion gets 410 Gone.</summary>
    public void CompactWatchHistory() => _store.CompactHistory();

    // ---- simulation ----

    /// <summary>Adds or replaces an object as if another client had created it (a namespace the driver does not own, say).</summary>
    public JsonObject Seed(string plural, string? ns, JsonObject obj)
    {
        var kind = ResourceKinds.ByPlural(plural);
        var result = _store.Create(kind, ns, obj);
        return result.StatusCode == 201
            ? result.Body.AsObject()
            : throw new InvalidOperationException($"seeding {plural} failed: {result.Body.ToJsonString()}");
    }

    /// <summary>Sets (or with null removes) one pod label, as Patroni does with its role label.</summary>
    public void SetPodLabel(string ns, string pod, string key, string? value)
    {
        var changed = _store.Mutate(ResourceKinds.Pods, ns, pod, obj =>
        {
            var meta = ObjectStore.Metadata(obj);
            var labels = meta["labels"] as JsonObject ?? [];
            if (value is null)
            {
                labels.Remove(key);
            }
            else
            {
                labels[key] = value;
            }

            meta["labels"] = labels;
        });
        if (!changed)
        {
            throw new InvalidOperationException($"pod {ns}/{pod} does not exist");
        }
    }

    /// <summary>
    /// A Patroni failover or switchover as the pods show it: <paramref name="fromPod"/> is demoted, then <paramref name="toPod"/>
    /// promoted, each a separate MODIFIED event, like two Patroni loops.
    /// </summary>
    public void SimulateFailover(string ns, string fromPod, string toPod)
    {
        var key = Options.RoleLabelKey ?? throw new InvalidOperationException("role labelling is disabled in the options");
        lock (_store.Gate)
        {
            SetPodLabel(ns, fromPod, key, Options.ReplicaRoleValue);
            SetPodLabel(ns, toPod, key, Options.PrimaryRoleValue);
        }
    }

    public void SetPodReady(string ns, string pod, bool ready)
    {
        lock (_store.Gate)
        {
            _store.Mutate(ResourceKinds.Pods, ns, pod, obj =>
            {
                foreach (var condition in (obj["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (condition["type"]?.GetValue<string>() is "Ready" or "ContainersReady")
                    {
                        condition["status"] = ready ? "True" : "False";
                    }
                }
            });
            if (GetObject("pods", ns, pod)?["metadata"]?["ownerReferences"]?[0]?["name"]?.GetValue<string>() is { } sts)
            {
                _simulator.Reconcile(ns, sts, labelRoles: false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _store.DropWatches(abortConnection: false);
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
