using ControlPlane.Domain.Instances;

namespace ControlPlane.Provisioning.Drivers;

/// <summary>
/// The newest desired state of one instance as read through the worker's read-only path, with the plan
/// resolved to resources and the credentials already decrypted. Never logged whole: it holds secrets.
/// </summary>
public sealed record DesiredInstance(
    Guid InstanceId,
    Guid OrganizationId,
    string Name,
    string Region,
    long Generation,
    InstanceSpec Spec,
    PlanResources Resources,
    InstanceCredentials Credentials,
    bool Deleted)
{
    public override string ToString() => $"{Name} ({InstanceId}, generation {Generation})";
}
