using System.Globalization;
using System.Text.Json.Nodes;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// A StatefulSet controller (and, optionally, Patroni's pod labelling) that acts synchronously inside the store's lock:
/// pods &lt;sts&gt;-0..N-1 with the template's labels, Running and Ready on distinct loopback IPs; claims from the
/// volumeClaimTemplates; scale-down removes the highest ordinals and keeps their claims.
/// </summary>
internal sealed class StatefulSetSimulator
{
    private readonly ObjectStore _store;
    private readonly FakeKubernetesOptions _options;
    private int _nextPodIp;
    private bool _busy;

    public StatefulSetSimulator(ObjectStore store, FakeKubernetesOptions options)
    {
        _store = store;
        _options = options;
        store.AfterWrite = OnWrite;
    }

    private void OnWrite(ResourceKind kind, JsonObject obj, string type)
    {
        if (_busy)
        {
            return;
        }

        if (kind == ResourceKinds.StatefulSets && type != "DELETED")
        {
            Reconcile(ObjectStore.Namespace(obj)!, ObjectStore.Name(obj), labelRoles: true);
        }
        else if (kind == ResourceKinds.Pods && OwnerName(obj) is { } owner)
        {
            // A test moving a role label must not have it put back; only a lost pod re-elects (and is recreated).
            Reconcile(ObjectStore.Namespace(obj)!, owner, labelRoles: type == "DELETED");
        }
    }

    public void Reconcile(string ns, string name, bool labelRoles)
    {
        var sts = _store.Find(ResourceKinds.StatefulSets, ns, name);
        if (sts is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var replicas = (int)(sts["spec"]?["replicas"] is { } r ? ObjectStore.Number(r) : 1);
            var template = sts["spec"]?["template"] as JsonObject ?? [];
            var templateLabels = template["metadata"]?["labels"] as JsonObject ?? [];
            for (var i = 0; i < replicas; i++)
            {
                EnsureClaims(sts, i);
                EnsurePod(sts, template, templateLabels, i);
            }

            foreach (var pod in OwnedPods(sts).Where(p => Ordinal(p) >= replicas).ToList())
            {
                _store.Remove(ResourceKinds.Pods, pod, cascade: true);
            }

            if (labelRoles)
            {
                LabelRoles(sts);
            }

            UpdateStatus(sts);
        }
        finally
        {
            _busy = false;
        }
    }

    private void EnsurePod(JsonObject sts, JsonObject template, JsonObject templateLabels, int ordinal)
    {
        var ns = ObjectStore.Namespace(sts)!;
        var podName = $"{ObjectStore.Name(sts)}-{ordinal}";
        var existing = _store.Find(ResourceKinds.Pods, ns, podName);
        if (existing is not null)
        {
            // A template label change reaches running pods here; the real controller would roll them.
            var labels = ObjectStore.Metadata(existing)["labels"] as JsonObject ?? [];
            if (templateLabels.Any(l => labels[l.Key]?.GetValue<string>() != l.Value?.GetValue<string>()))
            {
                var copy = existing.DeepClone().AsObject();
                var copyLabels = ObjectStore.Metadata(copy)["labels"] as JsonObject ?? [];
                foreach (var (key, value) in templateLabels)
                {
                    copyLabels[key] = value?.DeepClone();
                }

                ObjectStore.Metadata(copy)["labels"] = copyLabels;
                _store.Put(ResourceKinds.Pods, copy, "MODIFIED");
            }

            return;
        }

        var podLabels = templateLabels.DeepClone().AsObject();
        podLabels["statefulset.kubernetes.io/pod-name"] = podName;
        var ip = NextPodIp();
        var spec = template["spec"]?.DeepClone().AsObject() ?? [];
        spec["hostname"] = podName;
        spec["subdomain"] = sts["spec"]?["serviceName"]?.DeepClone();
        var now = _options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = podName,
                ["labels"] = podLabels,
                ["annotations"] = template["metadata"]?["annotations"]?.DeepClone(),
                ["ownerReferences"] = new JsonArray(OwnerReference(sts)),
            },
            ["spec"] = spec,
            ["status"] = new JsonObject
            {
                ["phase"] = "Running",
                ["podIP"] = ip,
                ["podIPs"] = new JsonArray(new JsonObject { ["ip"] = ip }),
                ["hostIP"] = "127.0.0.1",
                ["startTime"] = now,
                ["conditions"] = new JsonArray(
                    new JsonObject { ["type"] = "Ready", ["status"] = "True", ["lastTransitionTime"] = now },
                    new JsonObject { ["type"] = "ContainersReady", ["status"] = "True", ["lastTransitionTime"] = now }),
            },
        };
        _store.Create(ResourceKinds.Pods, ns, pod);
    }

    private void EnsureClaims(JsonObject sts, int ordinal)
    {
        if (sts["spec"]?["volumeClaimTemplates"] is not JsonArray templates)
        {
            return;
        }

        var ns = ObjectStore.Namespace(sts)!;
        var deleteWithSet = sts["spec"]?["persistentVolumeClaimRetentionPolicy"]?["whenDeleted"]?.GetValue<string>() == "Delete";
        foreach (var template in templates.OfType<JsonObject>())
        {
            var claimName = $"{ObjectStore.Name(template)}-{ObjectStore.Name(sts)}-{ordinal}";
            if (_store.Find(ResourceKinds.PersistentVolumeClaims, ns, claimName) is not null)
            {
                continue;
            }

            var labels = template["metadata"]?["labels"]?.DeepClone().AsObject() ?? [];
            if (sts["spec"]?["selector"]?["matchLabels"] is JsonObject selector)
            {
                foreach (var (key, value) in selector)
                {
                    labels[key] = value?.DeepClone();
                }
            }

            var meta = new JsonObject { ["name"] = claimName, ["labels"] = labels };
            if (deleteWithSet)
            {
                meta["ownerReferences"] = new JsonArray(OwnerReference(sts));
            }

            _store.Create(ResourceKinds.PersistentVolumeClaims, ns, new JsonObject
            {
                ["metadata"] = meta,
                ["spec"] = template["spec"]?.DeepClone(),
            });
        }
    }

    private void LabelRoles(JsonObject sts)
    {
        if (_options.RoleLabelKey is not { } key)
        {
            return;
        }

        var pods = OwnedPods(sts).OrderBy(Ordinal).ToList();
        var hasLeader = pods.Exists(p => Label(p, key) == _options.PrimaryRoleValue);
        foreach (var pod in pods)
        {
            string? wanted = null;
            if (!hasLeader)
            {
                wanted = _options.PrimaryRoleValue;
                hasLeader = true;
            }
            else if (Label(pod, key) is null)
            {
                wanted = _options.ReplicaRoleValue;
            }

            if (wanted is not null)
            {
                var copy = pod.DeepClone().AsObject();
                var labels = ObjectStore.Metadata(copy)["labels"] as JsonObject ?? [];
                labels[key] = wanted;
                ObjectStore.Metadata(copy)["labels"] = labels;
                _store.Put(ResourceKinds.Pods, copy, "MODIFIED");
            }
        }
    }

    private void UpdateStatus(JsonObject sts)
    {
        var pods = OwnedPods(sts);
        var ready = pods.Count(IsReady);
        var status = new JsonObject
        {
            ["observedGeneration"] = ObjectStore.Number(sts["metadata"]?["generation"]),
            ["replicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["currentReplicas"] = pods.Count,
            ["updatedReplicas"] = pods.Count,
        };
        if (JsonNode.DeepEquals(status, sts["status"]))
        {
            return;
        }

        var copy = sts.DeepClone().AsObject();
        copy["status"] = status;
        _store.Put(ResourceKinds.StatefulSets, copy, "MODIFIED");
    }

    private List<JsonObject> OwnedPods(JsonObject sts)
    {
        var ns = ObjectStore.Namespace(sts);
        var uid = sts["metadata"]?["uid"]?.GetValue<string>();
        return _store.InNamespace(ResourceKinds.Pods, ns)
            .Where(o => o["metadata"]?["ownerReferences"] is JsonArray refs && refs.Any(r => r?["uid"]?.GetValue<string>() == uid))
            .ToList();
    }

    internal static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"] is JsonArray conditions
        && conditions.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True");

    private static string? Label(JsonObject obj, string key) => obj["metadata"]?["labels"]?[key]?.GetValue<string>();

    private static int Ordinal(JsonObject pod)
    {
        var name = ObjectStore.Name(pod);
        return int.TryParse(name[(name.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture, out var n) ? n : -1;
    }

    private static string? OwnerName(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray)?
            .FirstOrDefault(r => r?["kind"]?.GetValue<string>() == "StatefulSet")?["name"]?.GetValue<string>();

    private static JsonObject OwnerReference(JsonObject sts) => new()
    {
        ["apiVersion"] = "apps/v1",
        ["kind"] = "StatefulSet",
        ["name"] = ObjectStore.Name(sts),
        ["uid"] = sts["metadata"]?["uid"]?.DeepClone(),
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    private string NextPodIp()
    {
        var n = ++_nextPodIp;
        return $"127.0.{_options.PodIpThirdOctet + ((n - 1) / 254)}.{1 + ((n - 1) % 254)}";
    }
}
