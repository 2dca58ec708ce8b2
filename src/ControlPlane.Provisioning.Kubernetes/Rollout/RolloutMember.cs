namespace ControlPlane.Provisioning.Kubernetes.Rollout;

/// <summary>One pod as the rollout sees it.</summary>
public sealed record RolloutMember(string Name, int Ordinal, bool Updated, bool Ready, bool Leader, bool Terminating);
