using ControlPlane.Contracts.Events;
using ControlPlane.Provisioning.Health;

namespace ControlPlane.Provisioning.Tests.Support;

/// <summary>Member observations as the Patroni monitor or the pod watch would produce them.</summary>
public static class Members
{
    public static MemberObservation Leader(string name, int? timeline = 1) =>
        new(name, "127.0.0.1", 5432, MemberRole.Primary, "running", true, true, null, timeline, false);

    public static MemberObservation Replica(string name, long? lag = 0, bool sync = false, int? timeline = 1) =>
        new(name, "127.0.0.1", 5432, MemberRole.Replica, "running", true, true, lag, timeline, sync);

    public static MemberObservation Unreachable(this MemberObservation member) =>
        member with { Reachable = false, Ready = false, State = PatroniObservationBuilder.UnreachableState, LagBytes = null };

    public static MemberObservation Stopped(this MemberObservation member) =>
        member with { Ready = false, State = "stopped", LagBytes = null, Timeline = null };

    /// <summary>What the pod watch knows: role label and readiness, no timeline, lag or sync standby.</summary>
    public static MemberObservation AsPod(this MemberObservation member) =>
        member with { Timeline = null, LagBytes = null, Synchronous = false };
}
