namespace ControlPlane.Domain.Instances;

public enum InstanceStatus
{
    Provisioning,
    Available,
    Updating,
    Deleting,
    Deleted,
    Failed,
}
