using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Switchovers;

/// <summary>
/// When the owner of an instance asks Patroni for the switchover the view shows running. Level-triggered: decided
/// afresh on every pass from the view and what the pass saw, so a redelivered wake-up, a second worker or a worker that
/// took the instance over asks at most once, and an operation that failed or was superseded (gone from the view) never.
/// </summary>
public static class SwitchoverDecision
{
    public static SwitchoverStep Decide(DesiredInstance desired, bool ready, string? currentLeader, bool alreadyAsked)
    {
        ArgumentNullException.ThrowIfNull(desired);
        if (desired.Switchover is not { } switchover)
        {
            return SwitchoverStep.Nothing;
        }

        if (alreadyAsked)
        {
            return SwitchoverStep.AlreadyAsked;
        }

        if (desired.Deleted || !desired.Spec.HighAvailability.Enabled || desired.Spec.HighAvailability.Replicas < 1)
        {
            return SwitchoverStep.Refuse;
        }

        if (switchover.Leader is { } requestedOf && currentLeader is not null && !string.Equals(currentLeader, requestedOf, StringComparison.Ordinal))
        {
            return SwitchoverStep.LeaderMoved;
        }

        return ready ? SwitchoverStep.Ask : SwitchoverStep.Nothing;
    }

    public static string RefusalReason(DesiredInstance desired)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return desired.Deleted
            ? "The instance is being deleted."
            : "A switchover needs high availability: the instance has no replica.";
    }
}
