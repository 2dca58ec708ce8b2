using k8s;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Watch;

/// <summary>
/// The watcher's picture of every managed pod, grouped by instance, so each event can report the full member set.
/// Kept by instance rather than as one flat map: every event asks for one instance's pods, and with thousands of pods
/// a scan per event made a fleet's start-up quadratic.
/// </summary>
internal sealed class PodWatchState(KubernetesDriverOptions options)
{
    private readonly Dictionary<Guid, Dictionary<string, V1Pod>> _byInstance = [];
    private readonly Dictionary<string, Guid> _instanceOfPod = new(StringComparer.Ordinal);

    /// <summary>Swaps in a fresh list; returns every instance seen before or now (a vanished one reports zero members).</summary>
    public HashSet<Guid> Replace(IEnumerable<V1Pod> pods)
    {
        var affected = _byInstance.Keys.ToHashSet();
        _byInstance.Clear();
        _instanceOfPod.Clear();
        foreach (var pod in pods)
        {
            if (InstanceOf(pod) is { } id)
            {
                Put(id, pod);
                affected.Add(id);
            }
        }

        return affected;
    }

    public Guid? Apply(WatchEventType type, V1Pod pod)
    {
        if (InstanceOf(pod) is not { } id)
        {
            // A pod relabelled into untrusted labels leaves the member set it was in.
            return _instanceOfPod.TryGetValue(Key(pod), out var was) ? RemoveAndReport(Key(pod), was) : null;
        }

        if (type == WatchEventType.Deleted)
        {
            Remove(Key(pod));
        }
        else if (type is WatchEventType.Added or WatchEventType.Modified)
        {
            Put(id, pod);
        }
        else
        {
            return null;
        }

        return id;
    }

    public IReadOnlyList<V1Pod> PodsOf(Guid instanceId) =>
        _byInstance.TryGetValue(instanceId, out var members)
            ? members.Values.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList()
            : [];

    private void Put(Guid instanceId, V1Pod pod)
    {
        var key = Key(pod);

        // A pod relabelled to another instance leaves the first one's member set.
        Remove(key);
        if (!_byInstance.TryGetValue(instanceId, out var members))
        {
            members = new Dictionary<string, V1Pod>(StringComparer.Ordinal);
            _byInstance[instanceId] = members;
        }

        members[key] = pod;
        _instanceOfPod[key] = instanceId;
    }

    private Guid RemoveAndReport(string key, Guid instanceId)
    {
        Remove(key);
        return instanceId;
    }

    private void Remove(string key)
    {
        if (_instanceOfPod.Remove(key, out var instanceId) && _byInstance.TryGetValue(instanceId, out var members)
            && members.Remove(key) && members.Count == 0)
        {
            _byInstance.Remove(instanceId);
        }
    }

    /// <summary>Only pods the control plane may trust (see <see cref="TenantNamespaces"/>) are kept; the rest are not members of anything.</summary>
    private Guid? InstanceOf(V1Pod pod) => TenantNamespaces.TrustedInstanceOf(pod.Metadata, options);

    private static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
