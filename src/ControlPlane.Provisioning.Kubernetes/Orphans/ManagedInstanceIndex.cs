using ControlPlane.Provisioning.Drivers;
using ControlPlane.Provisioning.Kubernetes.Specs;
using ControlPlane.Provisioning.Kubernetes.Watch;
using k8s;
using k8s.Models;
using Polly;

namespace ControlPlane.Provisioning.Kubernetes.Orphans;

/// <summary>
/// Every instance that has a cluster here, found from the two kinds that hold one up: the owner ConfigMap (everything
/// else the driver creates is its child and goes with it) and the StatefulSet (its pods and claims). A cluster whose
/// instance the control plane no longer wants (an orphan) is found even when one of the two is already gone. Only
/// trusted objects count (see <see cref="TenantNamespaces"/>): an object in a namespace the control plane does not
/// manage, or labelled for another organisation, is never taken for an instance, so never deleted as an orphan.
/// </summary>
internal sealed class ManagedInstanceIndex(IKubernetes client, ResiliencePipeline retry, KubernetesDriverOptions options)
{
    public async Task<IReadOnlyDictionary<Guid, ManagedInstance>> ListAsync(CancellationToken cancellationToken)
    {
        var statefulSets = await retry.ExecuteAsync(
            async ct => await client.AppsV1.ListStatefulSetForAllNamespacesAsync(labelSelector: InstanceLabels.ManagedSelector, cancellationToken: ct),
            cancellationToken);
        var configMaps = await retry.ExecuteAsync(
            async ct => await client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: InstanceLabels.ManagedSelector, cancellationToken: ct),
            cancellationToken);
        var found = new Dictionary<Guid, ManagedInstance>();
        foreach (var metadata in statefulSets.Items.Select(s => s.Metadata).Concat(configMaps.Items.Select(c => c.Metadata)))
        {
            if (TenantNamespaces.TrustedInstanceOf(metadata, options) is not { } instanceId
                || TenantNamespaces.OrganizationOf(metadata.NamespaceProperty, options) is not { } organizationId)
            {
                continue;
            }

            var name = metadata.Labels.TryGetValue(InstanceLabels.Instance, out var n) ? n : "";
            if (!found.TryGetValue(instanceId, out var known) || (known.Name.Length == 0 && name.Length > 0))
            {
                found[instanceId] = new ManagedInstance(instanceId, organizationId, name);
            }
        }

        return found;
    }

    /// <summary>
    /// The desired state of an orphan carries only its id (the control plane has no record of it): the cluster tells
    /// its organisation and name, so that the usual delete finds its namespace and objects. Null when nothing is left.
    /// </summary>
    public async Task<DesiredInstance?> ResolveOrphanAsync(DesiredInstance tombstone, CancellationToken cancellationToken)
    {
        var found = await ListAsync(cancellationToken);
        return found.TryGetValue(tombstone.InstanceId, out var instance)
            ? tombstone with { OrganizationId = instance.OrganizationId, Name = instance.Name }
            : null;
    }

    public static bool IsTombstone(DesiredInstance desired) => desired.OrganizationId == Guid.Empty;
}
