namespace ControlPlane.Provisioning.Kubernetes.Apply;

/// <summary>What an ensure step did, so callers and tests can tell a no-op from a write.</summary>
public enum ApplyOutcome
{
    Unchanged,
    Created,
    Patched,
    Deleted,
    Absent,
}
