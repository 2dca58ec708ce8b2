using ControlPlane.Domain;
using ControlPlane.Instances;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Api.Instances;

public static class InstanceMapper
{
    /// <summary>Strong ETag: the version changes are checked against (<see cref="InstanceVersion.Tag"/>).</summary>
    public static string ETag(Instance instance) => InstanceVersion.Tag(instance);

    public static InstanceResponse ToResponse(this Instance instance)
    {
        var observed = instance.Observed;
        return new InstanceResponse(
            instance.Id,
            instance.OrganizationId,
            instance.Name,
            instance.Region,
            instance.Plan,
            instance.PostgresVersion,
            instance.StorageGb,
            new HighAvailabilityResponse(instance.HaEnabled, instance.Replicas, EnumWords.Word(instance.ReplicationMode), EnumWords.Word(instance.DataDurability)),
            instance.Generation,
            instance.ObservedGeneration,
            EnumWords.Word(instance.Status),
            instance.StatusReason,
            instance.Health,
            instance.HealthReason,
            Conditions(instance),
            Endpoints(observed),
            observed.CurrentPrimary,
            instance.CreatedAt,
            instance.UpdatedAt,
            instance.DeletedAt,
            observed.RecoveryWindow is { } window ? new RecoveryWindowResponse(window.Earliest, window.Latest) : null,
            instance.Source is { } source ? new RestoreSourceResponse(source.InstanceId, source.PointInTime) : null);
    }

    public static EndpointsResponse? Endpoints(InstanceObservedState observed) =>
        observed is { PrimaryHost: { } host, PrimaryPort: { } port }
            ? new EndpointsResponse(new EndpointResponse(host, port),
                observed is { ReadOnlyHost: { } roHost, ReadOnlyPort: { } roPort } ? new EndpointResponse(roHost, roPort) : null)
            : null;

    public static HealthResponse ToHealth(this Instance instance) => new(
        instance.Health,
        instance.HealthReason,
        instance.Observed.CurrentPrimary,
        instance.Observed.SynchronouslyDurable,
        instance.Observed.HealthReportedAt,
        [.. instance.Observed.Members.Select(m => new MemberResponse(m.Name, m.Host, m.Port, m.Role, m.State, m.LagBytes, m.Timeline, m.Synchronous))]);

    public static EventResponse ToResponse(this InstanceEvent e) => new(
        e.Id, e.Type, e.Message, e.OccurredAt, e.RecordedAt,
        e.LeaderChange is { } l
            ? new LeaderChangeResponse(l.OldPrimary, l.NewPrimary, l.Timeline, l.DetectedAt, l.NewPrimaryReadyAt, l.DowntimeSeconds, l.LastSeenLagBytes, l.PromotedWasSynchronous, l.OperationId)
            : null);

    /// <summary>Before the worker's first report the conditions still say so (derived the same way), rather than being absent.</summary>
    private static IReadOnlyList<ConditionResponse> Conditions(Instance instance)
    {
        var stored = instance.Observed.Conditions;
        var conditions = stored.Count > 0 ? stored : InstanceConditions.Compute(instance, instance.Observed, "", instance.CreatedAt);
        return [.. conditions.Select(c => new ConditionResponse(c.Type, c.Status, c.Reason, c.Message, c.LastTransitionTime))];
    }
}
