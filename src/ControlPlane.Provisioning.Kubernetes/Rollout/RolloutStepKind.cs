namespace ControlPlane.Provisioning.Kubernetes.Rollout;

public enum RolloutStepKind
{
    Done,
    Wait,

    /// <summary>Delete the pod so the StatefulSet controller recreates it from the current template.</summary>
    ReplacePod,

    /// <summary>Only the leader runs the old template: hand its role to an updated replica first.</summary>
    SwitchOver,
}
