using System.Globalization;
using System.Text.Json.Nodes;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// The API server's storage: objects by kind/namespace/name, one global resourceVersion counter, a bounded history
/// of changes for watches, and the open watch subscriptions. One lock keeps every write and its event in order.
/// </summary>
internal sealed class ObjectStore(FakeKubernetesOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ResourceKind Kind, JsonObject Object)> _objects = new(StringComparer.Ordinal);

    // Objects by kind and namespace, so a namespaced list or the simulator's pod lookup does not scan every object:
    // with thousands of instances a full scan per request made the double, not the client, what a benchmark measured.
    private readonly Dictionary<(string Plural, string Namespace), Dictionary<string, JsonObject>> _byScope = [];
    private readonly LinkedList<WatchEventRecord> _history = new();
    private readonly List<WatchSubscription> _subscriptions = [];
    private long _resourceVersion = 1000;
    private long _compactedThrough;

    /// <summary>Runs after every write to a StatefulSet or pod, inside the lock, like a controller that never lags.</summary>
    public Action<ResourceKind, JsonObject, string>? AfterWrite { get; set; }

    public Lock Gate => _gate;

    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public int ActiveWatches
    {
        get
        {
            lock (_gate)
            {
                return _subscriptions.Count;
            }
        }
    }

    public StoreResult Create(ResourceKind kind, string? ns, JsonObject body)
    {
        lock (_gate)
        {
            var meta = Metadata(body);
            var name = meta["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                return StoreResult.Status(422, "Invalid", $"{kind.Kind} is invalid: metadata.name: Required value", kind);
            }

            if (kind.Namespaced && Find(ResourceKinds.Namespaces, null, ns!) is null)
            {
                return StoreResult.NotFound(ResourceKinds.Namespaces, ns!);
            }

            if (Find(kind, ns, name) is not null)
            {
                return StoreResult.Status(409, "AlreadyExists", $"{kind.Plural} \"{name}\" already exists", kind, name);
            }

            body["apiVersion"] = kind.ApiVersion;
            body["kind"] = kind.Kind;
            if (kind.Namespaced)
            {
                meta["namespace"] = ns;
            }

            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            meta["generation"] = 1;
            ServerDefaults.OnCreate(kind, body, this);
            Put(kind, body, "ADDED");
            return new StoreResult(201, body.DeepClone());
        }
    }

    public JsonObject? Get(ResourceKind kind, string? ns, string name)
    {
        lock (_gate)
        {
            return Find(kind, ns, name)?.DeepClone().AsObject();
        }
    }

    public (List<JsonObject> Items, long ResourceVersion) List(ResourceKind kind, string? ns, LabelSelector selector)
    {
        lock (_gate)
        {
            var items = Scopes(kind, ns)
                .SelectMany(scope => scope.Values)
                .Where(selector.Matches)
                .Select(o => o.DeepClone().AsObject())
                .OrderBy(o => Namespace(o), StringComparer.Ordinal)
                .ThenBy(o => Name(o), StringComparer.Ordinal)
                .ToList();
            return (items, _resourceVersion);
        }
    }

    public StoreResult Replace(ResourceKind kind, string? ns, string name, JsonObject body, bool statusOnly)
    {
        lock (_gate)
        {
            var current = Find(kind, ns, name);
            if (current is null)
            {
                return StoreResult.NotFound(kind, name);
            }

            var precondition = Metadata(body)["resourceVersion"]?.GetValue<string>();
            return Update(kind, current, body, precondition, statusOnly);
        }
    }

    public StoreResult Patch(ResourceKind kind, string? ns, string name, JsonObject patch, bool statusOnly)
    {
        lock (_gate)
        {
            var current = Find(kind, ns, name);
            if (current is null)
            {
                return StoreResult.NotFound(kind, name);
            }

            var precondition = patch["metadata"]?["resourceVersion"]?.GetValue<string>();
            var merged = JsonMergePatch.Apply(current, patch)!.AsObject();
            return Update(kind, current, merged, precondition, statusOnly);
        }
    }

    public StoreResult Delete(ResourceKind kind, string? ns, string name, bool orphan)
    {
        lock (_gate)
        {
            var current = Find(kind, ns, name);
            if (current is null)
            {
                return StoreResult.NotFound(kind, name);
            }

            var deleted = Remove(kind, current, cascade: !orphan);
            return kind.DeleteReturnsObject
                ? new StoreResult(200, deleted)
                : StoreResult.Status(200, "", "", kind, name);
        }
    }

    /// <summary>A write made by the test (or a simulated controller) rather than a client: bumps the resourceVersion.</summary>
    public bool Mutate(ResourceKind kind, string? ns, string name, Action<JsonObject> change)
    {
        lock (_gate)
        {
            var current = Find(kind, ns, name);
            if (current is null)
            {
                return false;
            }

            var copy = current.DeepClone().AsObject();
            change(copy);
            Put(kind, copy, "MODIFIED");
            return true;
        }
    }

    /// <summary>Opens a watch. Null resourceVersion (or "0") replays the current objects as ADDED, like the real server.</summary>
    public (WatchSubscription? Subscription, List<WatchEventRecord> Backlog, StoreResult? Gone) Subscribe(
        ResourceKind kind, string? ns, LabelSelector selector, string? resourceVersion, bool bookmarks)
    {
        lock (_gate)
        {
            var subscription = new WatchSubscription(kind, ns, selector, bookmarks);
            List<WatchEventRecord> backlog;
            if (string.IsNullOrEmpty(resourceVersion) || resourceVersion == "0")
            {
                backlog = List(kind, ns, selector).Items
                    .Select(o => new WatchEventRecord(long.Parse(ResourceVersionOf(o), CultureInfo.InvariantCulture), "ADDED", kind, Namespace(o), o))
                    .ToList();
            }
            else
            {
                var from = long.Parse(resourceVersion, CultureInfo.InvariantCulture);
                if (from < _compactedThrough)
                {
                    subscription.Dispose();
                    return (null, [], StoreResult.Status(410, "Expired", $"too old resource version: {from} ({_compactedThrough + 1})"));
                }

                backlog = _history.Where(e => e.ResourceVersion > from && subscription.Accepts(e)).ToList();
            }

            _subscriptions.Add(subscription);
            return (subscription, backlog, null);
        }
    }

    public void Unsubscribe(WatchSubscription subscription)
    {
        lock (_gate)
        {
            _subscriptions.Remove(subscription);
        }
    }

    public void DropWatches(bool abortConnection)
    {
        lock (_gate)
        {
            foreach (var s in _subscriptions)
            {
                s.Drop(abortConnection);
            }
        }
    }

    /// <summary>Sends a BOOKMARK carrying the current resourceVersion to every watch that asked for bookmarks.</summary>
    public void SendBookmarks()
    {
        lock (_gate)
        {
            foreach (var s in _subscriptions.Where(s => s.WantsBookmarks))
            {
                var marker = new JsonObject
                {
                    ["kind"] = s.Kind.Kind,
                    ["apiVersion"] = s.Kind.ApiVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture) },
                };
                s.Events.Writer.TryWrite(new WatchEventRecord(_resourceVersion, "BOOKMARK", s.Kind, null, marker));
            }
        }
    }

    /// <summary>Forgets all history, so any watch resuming from an earlier resourceVersion gets 410 Gone.</summary>
    public void CompactHistory()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    /// <summary>The stored objects of one kind in one namespace (not copies: callers hold the lock and only read).</summary>
    internal IReadOnlyCollection<JsonObject> InNamespace(ResourceKind kind, string? ns) =>
        _byScope.TryGetValue((kind.Plural, ns ?? ""), out var scope) ? scope.Values : [];

    private IEnumerable<Dictionary<string, JsonObject>> Scopes(ResourceKind kind, string? ns) =>
        ns is null
            ? _byScope.Where(s => s.Key.Plural == kind.Plural).Select(s => s.Value).ToList()
            : _byScope.TryGetValue((kind.Plural, ns), out var scope) ? [scope] : [];

    internal JsonObject? Find(ResourceKind kind, string? ns, string name) =>
        _objects.TryGetValue(Key(kind, ns, name), out var entry) ? entry.Object : null;

    internal void Put(ResourceKind kind, JsonObject obj, string type)
    {
        var meta = Metadata(obj);
        meta["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        _objects[Key(kind, Namespace(obj), Name(obj))] = (kind, obj);
        var scopeKey = (kind.Plural, Namespace(obj) ?? "");
        if (!_byScope.TryGetValue(scopeKey, out var scope))
        {
            scope = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            _byScope[scopeKey] = scope;
        }

        scope[Name(obj)] = obj;
        Record(new WatchEventRecord(_resourceVersion, type, kind, Namespace(obj), obj.DeepClone().AsObject()));
        AfterWrite?.Invoke(kind, obj, type);
    }

    internal JsonObject Remove(ResourceKind kind, JsonObject obj, bool cascade)
    {
        _objects.Remove(Key(kind, Namespace(obj), Name(obj)));
        if (_byScope.TryGetValue((kind.Plural, Namespace(obj) ?? ""), out var scope))
        {
            scope.Remove(Name(obj));
        }

        Metadata(obj)["resourceVersion"] = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        Record(new WatchEventRecord(_resourceVersion, "DELETED", kind, Namespace(obj), obj.DeepClone().AsObject()));
        if (cascade)
        {
            var uid = Metadata(obj)["uid"]?.GetValue<string>();
            var dependents = _objects.Values
                .Where(o => (kind == ResourceKinds.Namespaces && o.Kind.Namespaced && Namespace(o.Object) == Name(obj))
                            || IsOwnedBy(o.Object, uid))
                .ToList();
            foreach (var dependent in dependents)
            {
                if (_objects.ContainsKey(Key(dependent.Kind, Namespace(dependent.Object), Name(dependent.Object))))
                {
                    Remove(dependent.Kind, dependent.Object, cascade: true);
                }
            }
        }

        AfterWrite?.Invoke(kind, obj, "DELETED");
        return obj.DeepClone().AsObject();
    }

    private StoreResult Update(ResourceKind kind, JsonObject current, JsonObject body, string? precondition, bool statusOnly)
    {
        var currentMeta = Metadata(current);
        if (!string.IsNullOrEmpty(precondition) && precondition != currentMeta["resourceVersion"]?.GetValue<string>())
        {
            return StoreResult.Status(409, "Conflict",
                $"Operation cannot be fulfilled on {kind.Plural} \"{Name(current)}\": the object has been modified; please apply your changes to the latest version and try again",
                kind, Name(current));
        }

        JsonObject next;
        if (statusOnly)
        {
            next = current.DeepClone().AsObject();
            next["status"] = body["status"]?.DeepClone();
        }
        else
        {
            next = body.DeepClone().AsObject();
            next["apiVersion"] = kind.ApiVersion;
            next["kind"] = kind.Kind;
            if (current["status"] is not null)
            {
                next["status"] = current["status"]!.DeepClone();
            }

            // Identity fields belong to the server whatever the client sends.
            var meta = Metadata(next);
            foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "generation" })
            {
                meta[field] = currentMeta[field]?.DeepClone();
            }

            if (ImmutableFields.Violation(kind, current, next) is { } violation)
            {
                return StoreResult.Status(422, "Invalid", $"{kind.Kind} \"{Name(current)}\" is invalid: {violation}", kind, Name(current));
            }

            if (!JsonNode.DeepEquals(current["spec"], next["spec"]))
            {
                meta["generation"] = Number(currentMeta["generation"]) + 1;
            }

            ServerDefaults.OnUpdate(kind, next);
        }

        Put(kind, next, "MODIFIED");
        return new StoreResult(200, next.DeepClone());
    }

    private void Record(WatchEventRecord e)
    {
        _history.AddLast(e);
        while (_history.Count > Math.Max(0, options.WatchHistoryWindow))
        {
            _compactedThrough = _history.First!.Value.ResourceVersion;
            _history.RemoveFirst();
        }

        foreach (var s in _subscriptions.Where(s => s.Accepts(e)))
        {
            s.Events.Writer.TryWrite(e);
        }
    }

    private static bool IsOwnedBy(JsonObject obj, string? uid) =>
        uid is not null && obj["metadata"]?["ownerReferences"] is JsonArray refs
                        && refs.Any(r => r?["uid"]?.GetValue<string>() == uid);

    internal static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject meta)
        {
            meta = [];
            obj["metadata"] = meta;
        }

        return meta;
    }

    internal static long Number(JsonNode? node) =>
        node is null ? 0 : long.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    internal static string Name(JsonObject obj) => obj["metadata"]?["name"]?.GetValue<string>() ?? "";

    internal static string? Namespace(JsonObject obj) => obj["metadata"]?["namespace"]?.GetValue<string>();

    internal static string ResourceVersionOf(JsonObject obj) => obj["metadata"]?["resourceVersion"]?.GetValue<string>() ?? "0";

    private static string Key(ResourceKind kind, string? ns, string name) => $"{kind.Plural}/{ns}/{name}";
}
