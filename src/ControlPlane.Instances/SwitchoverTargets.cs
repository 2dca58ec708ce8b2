using ControlPlane.Domain.Instances;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Instances;

/// <summary>
/// A target must be a member, streaming, and in synchronous mode the synchronous standby (the only member Patroni
/// will promote without risking committed writes). Judged from the last health report; Patroni checks again.
/// </summary>
public static class SwitchoverTargets
{
    /// <summary>
    /// The leader as last observed: health reports, readiness and recorded leader changes all keep the current primary,
    /// so it is the freshest; the member listed as primary stands in when none was recorded.
    /// </summary>
    public static string? CurrentLeader(Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return instance.Observed.CurrentPrimary ?? instance.Observed.Members.FirstOrDefault(m => m.Role == "primary")?.Name;
    }

    public static Refusal? Check(Instance instance, string target)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var member = instance.Observed.Members.FirstOrDefault(m => m.Name == target);
        if (member is null)
        {
            return new Refusal.Unprocessable($"'{target}' is not a member of this instance.", "targetMember");
        }

        if (member.Role == "primary")
        {
            return new Refusal.Conflict($"'{target}' is already the primary.");
        }

        if (member.State is not ("running" or "streaming"))
        {
            return new Refusal.Conflict($"'{target}' is {member.State}, not streaming from the primary; it cannot take over.");
        }

        if (instance.ReplicationMode == ReplicationMode.Synchronous && !member.Synchronous)
        {
            return new Refusal.Conflict($"'{target}' is not the synchronous standby; in synchronous mode only the synchronous standby can take over without losing committed writes.");
        }

        return null;
    }
}
