namespace ControlPlane.Provisioning.DesiredState;

/// <summary>The status strings of the worker_desired_instances view, as the control plane's metadata DB stores them.</summary>
public static class DesiredInstanceStatuses
{
    public const string Available = "available";
    public const string Deleting = "deleting";
    public const string Deleted = "deleted";

    public static bool IsDeleted(string status) => status is Deleting or Deleted;
}
