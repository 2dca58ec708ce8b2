using ControlPlane.Domain;
using ControlPlane.Domain.Instances;

namespace ControlPlane.Provisioning.DesiredState;

/// <summary>The status strings of the worker_desired_instances view: the domain's words, as the metadata DB stores them.</summary>
public static class DesiredInstanceStatuses
{
    public static readonly string Available = EnumWords.Word(InstanceStatus.Available);
    public static readonly string Deleting = EnumWords.Word(InstanceStatus.Deleting);
    public static readonly string Deleted = EnumWords.Word(InstanceStatus.Deleted);

    public static bool IsDeleted(string status) => status == Deleting || status == Deleted;
}
