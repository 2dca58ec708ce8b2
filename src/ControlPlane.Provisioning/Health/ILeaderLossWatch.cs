namespace ControlPlane.Provisioning.Health;

/// <summary>The instances whose leader the failover detector has seen lost and no leader since: the ones to watch closely.</summary>
public interface ILeaderLossWatch
{
    /// <summary>Those whose leader was lost at or after <paramref name="since"/> (an older loss is watched at the normal pace).</summary>
    IReadOnlyCollection<Guid> InstancesWithLeaderLost(DateTimeOffset since);
}
