namespace ControlPlane.Provisioning.Health;

/// <summary>The detector's per-instance state, behind a gate so sources reporting at once are handled one by one.</summary>
internal sealed class InstanceSlot
{
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public LeaderTracker Leader { get; } = new();

    public HealthFingerprint? LastHealth { get; set; }

    public long LastHealthGeneration { get; set; }

    public DateTimeOffset LastHealthAt { get; set; }
}
