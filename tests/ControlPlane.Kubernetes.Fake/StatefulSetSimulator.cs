using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ControlPlane.Kubernetes.Fake;

/// <summary>
/// A StatefulSet controller (and, optionally, Patroni's pod labelling) that acts synchronously inside the store's lock:
/// pods &lt;sts&gt;-0..N-1 with the template's labels, Running and Ready on distinct loopback IPs; claims from the
/// volumeClaimTemplates; scale-down removes the highest ordinals and keeps their claims. Each pod carries the revision
/// of the template it was made from (controller-revision-hash); on a template change, RollingUpdate (the default)
/// replaces every outdated pod at or above the partition, highest ordinal first and leader or not, while OnDelete
/// leaves pods alone until someone deletes them. A pod recreated under the same name keeps its IP, so a
/// FakePatroniCluster started earlier still answers for it (a real pod would usually get a new one; FakeKubernetesApi.MoveOnRecreate gives it one).
/// </summary>
internal sealed class StatefulSetSimulator
{
    private readonly ObjectStore _store;
    private readonly FakeKubernetesOptions _options;
    public const string RevisionLabel = "controller-revision-hash";

    private readonly Dictionary<string, string> _podIps = new(StringComparer.Ordinal);
    private readonly List<string> _replacedPods = [];
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

    /// <summary>Pods the controller itself replaced for a RollingUpdate, in order ("ns/name").</summary>
    public IReadOnlyList<string> ReplacedPods => _replacedPods;

    public static string Revision(JsonObject sts)
    {
        var template = sts["spec"]?["template"]?.ToJsonString() ?? "";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..10];
        return $"{ObjectStore.Name(sts)}-{hash}";
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
            var revision = Revision(sts);
            RollOutdatedPods(sts, revision, replicas);
            for (var i = 0; i < replicas; i++)
            {
                EnsureClaims(sts, i);
                EnsurePod(sts, template, templateLabels, i, revision);
            }

            foreach (var pod in OwnedPods(sts).Where(p => Ordinal(p) >= replicas).ToList())
            {
                _store.Remove(ResourceKinds.Pods, pod, cascade: true);
            }

            if (labelRoles)
            {
                LabelRoles(sts);
            }

            UpdateStatus(sts, revision);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>RollingUpdate: every pod at or above the partition whose revision is not the template's is replaced, highest first.</summary>
    private void RollOutdatedPods(JsonObject sts, string revision, int replicas)
    {
        var strategy = sts["spec"]?["updateStrategy"];
        if (strategy?["type"]?.GetValue<string>() == "OnDelete")
        {
            return;
        }

        var partition = strategy?["rollingUpdate"]?["partition"] is { } p ? ObjectStore.Number(p) : 0;
        foreach (var pod in OwnedPods(sts).Where(p => Ordinal(p) < replicas && Ordinal(p) >= partition && Label(p, RevisionLabel) != revision)
                     .OrderByDescending(Ordinal).ToList())
        {
            _store.Remove(ResourceKinds.Pods, pod, cascade: true);
            _replacedPods.Add($"{ObjectStore.Namespace(pod)}/{ObjectStore.Name(pod)}");
        }
    }

    private void EnsurePod(JsonObject sts, JsonObject template, JsonObject templateLabels, int ordinal, string revision)
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
        podLabels[RevisionLabel] = revision;
        var ipKey = $"{ns}/{podName}";
        string? ip;
        lock (_podIps)
        {
            if (!_podIps.TryGetValue(ipKey, out ip))
            {
                ip = NextPodIp();
                _podIps[ipKey] = ip;
            }
        }

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

    private void UpdateStatus(JsonObject sts, string revision)
    {
        var pods = OwnedPods(sts);
        var ready = pods.Count(IsReady);
        var updated = pods.Count(p => Label(p, RevisionLabel) == revision);
        var current = updated == pods.Count
            ? revision
            : pods.Select(p => Label(p, RevisionLabel)).FirstOrDefault(r => r != revision) ?? revision;
        var status = new JsonObject
        {
            ["observedGeneration"] = ObjectStore.Number(sts["metadata"]?["generation"]),
            ["replicas"] = pods.Count,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["currentReplicas"] = pods.Count(p => Label(p, RevisionLabel) == current),
            ["updatedReplicas"] = updated,
            ["currentRevision"] = current,
            ["updateRevision"] = revision,
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

    public void ForgetIp(string ns, string podName)
    {
        lock (_podIps)
        {
            _podIps.Remove($"{ns}/{podName}");
        }
    }

    private string NextPodIp()
    {
        var n = ++_nextPodIp;
        return $"127.0.{_options.PodIpThirdOctet + ((n - 1) / 254)}.{1 + ((n - 1) % 254)}";
    }
}
