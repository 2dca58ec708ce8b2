using ControlPlane.Contracts.Events;

namespace ControlPlane.Provisioning.Health;

/// <summary>A leader change waiting for commits to succeed again before it is published (the switchover it answers is in its operation id).</summary>
internal sealed record PendingLeaderChange(LeaderChanged Change, DateTimeOffset SeenAt);
