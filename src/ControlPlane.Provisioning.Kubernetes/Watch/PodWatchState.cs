using ControlPlane.Provisioning.Kubernetes.Specs;
using k8s;
using k8s.Models;

namespace ControlPlane.Provisioning.Kubernetes.Watch;

/// <summary>The watcher's picture of every managed pod, grouped by instance, so each event can report the full member set.</summary>
internal sealed class PodWatchState
{
    private readonly Dictionary<string, (Guid InstanceId, V1Pod Pod)> _pods = new(StringComparer.Ordinal);

    /// <summary>Swaps in a fresh list; returns every instance seen before or now (a vanished one reports zero members).</summary>
    public HashSet<Guid> Replace(IEnumerable<V1Pod> pods)
    {
        var affected = _pods.Values.Select(p => p.InstanceId).ToHashSet();
        _pods.Clear();
        foreach (var pod in pods)
        {
            if (InstanceOf(pod) is { } id)
            {
                _pods[Key(pod)] = (id, pod);
                affected.Add(id);
            }
        }

        return affected;
    }

    public Guid? Apply(WatchEventType type, V1Pod pod)
    {
        if (InstanceOf(pod) is not { } id)
        {
            return null;
        }

        if (type == WatchEventType.Deleted)
        {
            _pods.Remove(Key(pod));
        }
        else if (type is WatchEventType.Added or WatchEventType.Modified)
        {
            _pods[Key(pod)] = (id, pod);
        }
        else
        {
            return null;
        }

        return id;
    }

    public IReadOnlyList<V1Pod> PodsOf(Guid instanceId) =>
        _pods.Values.Where(p => p.InstanceId == instanceId).Select(p => p.Pod).OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).ToList();

    private static Guid? InstanceOf(V1Pod pod) =>
        pod.Metadata?.Labels?.TryGetValue(InstanceLabels.InstanceId, out var value) == true && Guid.TryParse(value, out var id) ? id : null;

    private static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
}
