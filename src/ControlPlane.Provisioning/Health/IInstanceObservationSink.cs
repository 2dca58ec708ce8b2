namespace ControlPlane.Provisioning.Health;

/// <summary>
/// The single owner of failover detection and health reporting receives every observation here, whatever its source,
/// so that each failover is recorded once per (instance, new timeline).
/// </summary>
public interface IInstanceObservationSink
{
    ValueTask ObserveAsync(InstanceObservation observation, CancellationToken cancellationToken);
}
