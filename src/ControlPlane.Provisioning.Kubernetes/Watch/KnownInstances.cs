using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Specs;

namespace ControlPlane.Provisioning.Kubernetes.Watch;

/// <summary>
/// The namespace of every instance the driver has reconciled, from the control plane's own desired state. The pod
/// watch counts a pod as a member only in its instance's namespace: a pod in another tenant's namespace that carries
/// this instance's id (and that tenant's organisation label) is that tenant's doing, not a member.
/// </summary>
public sealed class KnownInstances
{
    private readonly ConcurrentDictionary<Guid, string> _namespaces = new();

    public void Remember(DesiredInstance desired, KubernetesDriverOptions options)
    {
        ArgumentNullException.ThrowIfNull(desired);
        _namespaces[desired.InstanceId] = InstanceNaming.Namespace(options, desired);
    }

    public void Forget(Guid instanceId) => _namespaces.TryRemove(instanceId, out _);

    public bool TryGetNamespace(Guid instanceId, [MaybeNullWhen(false)] out string ns) => _namespaces.TryGetValue(instanceId, out ns);
}
