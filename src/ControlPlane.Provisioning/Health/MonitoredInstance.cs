using ControlPlane.Provisioning.Drivers;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// An instance the health monitor follows: the generation its events report, what HA was asked for, and where each
/// member's Patroni API is. Members that /cluster lists beyond <see cref="Endpoints"/> are probed at their api_url.
/// </summary>
public sealed record MonitoredInstance(
    long Generation,
    HighAvailabilityExpectation HighAvailability,
    IReadOnlyList<PatroniMemberEndpoint> Endpoints)
{
    /// <summary>The leader the reconcile pass saw; only the first tracking of an instance seeds the detector with it.</summary>
    public LeaderSighting? Leader { get; init; }

    public static MonitoredInstance From(DesiredInstance desired, IReadOnlyList<PatroniMemberEndpoint> endpoints, LeaderSighting? leader = null)
    {
        ArgumentNullException.ThrowIfNull(desired);
        return new(desired.Generation, HighAvailabilityExpectation.From(desired.Spec.HighAvailability), endpoints)
        {
            Leader = SwitchoverBaseline.For(desired.Switchover, TakeoverBaseline.For(desired.RecordedLeader, leader)),
        };
    }
}
