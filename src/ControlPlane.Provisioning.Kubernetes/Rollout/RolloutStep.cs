namespace ControlPlane.Provisioning.Kubernetes.Rollout;

/// <summary>What the rollout does next: nothing (every pod runs the current template), wait, replace one pod, or switch over.</summary>
public sealed record RolloutStep(RolloutStepKind Kind, string? Pod, string Reason)
{
    public static RolloutStep Done { get; } = new(RolloutStepKind.Done, null, "every member runs the current pod template");
}
