namespace ControlPlane.Provisioning.Health;

/// <summary>
/// What makes a health report worth publishing again: state, reason, primary, durability and each member's role and
/// state. Lag and timelines move all the time and are left out (they still travel in every report).
/// </summary>
internal sealed record HealthFingerprint(string State, string Reason, string? Primary, bool SynchronouslyDurable, string Members)
{
    public static HealthFingerprint Of(InstanceHealth health) =>
        new(health.State, health.Reason, health.PrimaryMember, health.SynchronouslyDurable,
            string.Join('|', health.Members
                .OrderBy(m => m.Name, StringComparer.Ordinal)
                .Select(m => $"{m.Name}:{m.Role}:{m.State}:{m.Synchronous}")));
}
