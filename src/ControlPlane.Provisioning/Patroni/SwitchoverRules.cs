namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// The checks Patroni makes before a switchover, made first so the customer reads a clear reason
/// rather than "candidate name does not match with sync_standby".
/// </summary>
public static class SwitchoverRules
{
    /// <summary>Null when <paramref name="target"/> may take over; otherwise why not.</summary>
    public static string? Check(ClusterView view, string target, bool synchronousMode)
    {
        var member = view.Find(target);
        if (member is null)
        {
            var names = string.Join(", ", view.Members.Select(m => m.Name));
            return $"{target} is not a member of this instance (members: {names}).";
        }

        if (member.IsLeader)
        {
            return $"{target} is already the primary.";
        }

        if (!member.IsRunning || member.LagBytes is null)
        {
            return $"{target} is not streaming from the primary (state: {member.State}).";
        }

        if (synchronousMode && !member.IsSyncStandby)
        {
            var sync = view.Members.FirstOrDefault(m => m.IsSyncStandby)?.Name ?? "none yet";
            return $"{target} is an asynchronous replica; in synchronous mode only the synchronous standby ({sync}) can become primary without losing acknowledged writes.";
        }

        return null;
    }
}
