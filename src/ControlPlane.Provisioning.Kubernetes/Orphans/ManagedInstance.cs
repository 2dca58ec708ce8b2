namespace ControlPlane.Provisioning.Kubernetes.Orphans;

/// <summary>An instance that has objects in the cluster, as their labels and namespace tell it.</summary>
/// <param name="Name">The instance's name (app.kubernetes.io/instance), which the object names derive from.</param>
public sealed record ManagedInstance(Guid InstanceId, Guid OrganizationId, string Name);
