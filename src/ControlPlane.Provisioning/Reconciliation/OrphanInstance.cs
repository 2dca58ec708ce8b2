using ControlPlane.Domain.Instances;
using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Reconciliation;

/// <summary>
/// Stands in for the desired state of an instance the driver runs but the control plane has no record of, so that
/// the driver can be asked to delete it. Drivers list managed instances by id, so they must be able to delete by id.
/// </summary>
public static class OrphanInstance
{
    public static DesiredInstance Tombstone(Guid instanceId, string region) => new(
        instanceId,
        Guid.Empty,
        string.Empty,
        region,
        0,
        new InstanceSpec(string.Empty, 0, 0, HighAvailabilitySpec.Off),
        new PlanResources(string.Empty, 0, 0),
        new InstanceCredentials(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty),
        Deleted: true);
}
