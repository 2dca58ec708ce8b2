using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Tests.Switchovers;

/// <summary>
/// Patroni's switchover as far as these tests need it, shared by several workers' drivers: it refuses a request that
/// names another leader than the current one (412 "leader name does not match"), and otherwise hands over.
/// </summary>
internal sealed class GuardedPatroni
{
    private readonly Lock _gate = new();

    public string Leader { get; private set; } = "db-one-0";

    public int Switches { get; private set; }

    public SwitchoverOutcome Switchover(DesiredInstance desired, string? target)
    {
        lock (_gate)
        {
            var named = desired.Switchover?.Leader ?? Leader;
            if (named != Leader)
            {
                return new SwitchoverOutcome(false, "leader name does not match") { LeaderMoved = true };
            }

            Leader = target ?? (Leader == "db-one-0" ? "db-one-1" : "db-one-0");
            Switches++;
            return new SwitchoverOutcome(true, $"Successfully switched over to \"{Leader}\"");
        }
    }
}
