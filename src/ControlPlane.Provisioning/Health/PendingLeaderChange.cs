using ControlPlane.Contracts.Events;

namespace ControlPlane.Provisioning.Health;

/// <summary>A leader change waiting for commits to succeed again before it is published; <see cref="Expected"/> is the switchover it answers.</summary>
internal sealed record PendingLeaderChange(LeaderChanged Change, ExpectedSwitchover? Expected, DateTimeOffset SeenAt);
