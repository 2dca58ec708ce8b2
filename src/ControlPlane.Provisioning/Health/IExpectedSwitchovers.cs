namespace ControlPlane.Provisioning.Health;

/// <summary>
/// A leader change that the API asked for is a switchover, anything else a failover. The switchover consumer
/// registers the request here before calling Patroni, so the detector can tell the two apart.
/// </summary>
public interface IExpectedSwitchovers
{
    /// <param name="operationId">The API operation that asked; <see cref="Guid.Empty"/> for a switchover a driver makes itself (e.g. before removing a leader).</param>
    void Expect(Guid instanceId, Guid operationId, string? targetMember, DateTimeOffset expiresAt);

    /// <summary>Takes (and forgets) the pending request for the instance, if one is still current.</summary>
    ExpectedSwitchover? Take(Guid instanceId, DateTimeOffset now);

    /// <summary>
    /// Drops the request when Patroni refused it, so that a real failover shortly after is not labelled a switchover.
    /// Does nothing if a newer request replaced it.
    /// </summary>
    void Cancel(Guid instanceId, Guid operationId);
}
