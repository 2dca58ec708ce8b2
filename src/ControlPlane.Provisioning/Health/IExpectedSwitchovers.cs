namespace ControlPlane.Provisioning.Health;

/// <summary>
/// A leader change that the API asked for is a switchover, anything else a failover. The switchover is known from two
/// places: this process registers the requests it hands to Patroni (fast, and the only record of a switchover a driver
/// makes itself), and the worker's view of desired state shows the switchover operation still running on the instance,
/// whichever worker asked for it (so a worker that took the instance over mid-switchover still tells the two apart).
/// </summary>
public interface IExpectedSwitchovers
{
    /// <param name="operationId">The API operation that asked; <see cref="Guid.Empty"/> for a switchover a driver makes itself (e.g. before removing a leader).</param>
    void Expect(Guid instanceId, Guid operationId, string? targetMember, DateTimeOffset expiresAt, string? leader = null);

    /// <summary>Takes (and forgets) the pending request this process registered for the instance, if one is still current.</summary>
    ExpectedSwitchover? Take(Guid instanceId, DateTimeOffset now);

    /// <summary>
    /// The switchover that a leader change away from <paramref name="oldLeader"/> answers, if any: a request registered
    /// here, else the switchover operation running on the instance. Each request or operation answers one change only.
    /// </summary>
    ValueTask<ExpectedSwitchover?> AnswerAsync(Guid instanceId, string? oldLeader, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Drops the request when Patroni refused it, so that a real failover shortly after is not labelled a switchover.
    /// Does nothing if a newer request replaced it.
    /// </summary>
    void Cancel(Guid instanceId, Guid operationId);
}
