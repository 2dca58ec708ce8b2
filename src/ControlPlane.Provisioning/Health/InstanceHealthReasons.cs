namespace ControlPlane.Provisioning.Health;

/// <summary>Condition-friendly reason codes (CamelCase, stable) that go with an instance's health.</summary>
public static class InstanceHealthReasons
{
    public const string AllMembersHealthy = nameof(AllMembersHealthy);
    public const string ReplicaDown = nameof(ReplicaDown);
    public const string ReplicaLagging = nameof(ReplicaLagging);
    public const string MembersMissing = nameof(MembersMissing);
    public const string NoSynchronousStandby = nameof(NoSynchronousStandby);
    public const string FailingOver = nameof(FailingOver);
    public const string LeaderNotRunning = nameof(LeaderNotRunning);
    public const string NoLeader = nameof(NoLeader);
    public const string NoMemberReachable = nameof(NoMemberReachable);
}
