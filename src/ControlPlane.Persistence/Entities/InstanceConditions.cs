using ControlPlane.Contracts.Events;
using ControlPlane.Domain.Instances;

namespace ControlPlane.Persistence.Entities;

/// <summary>
/// Derives the Kubernetes-style conditions from status, the last health report and the worker's trouble, so the status
/// never hides an error. Pure: <see cref="Instance"/> calls it on every change of status, health or trouble.
/// A condition's lastTransitionTime moves only when its status does.
/// </summary>
public static class InstanceConditions
{
    public const string Ready = "Ready";
    public const string Writable = "Writable";
    public const string Replicating = "Replicating";
    public const string SynchronouslyDurable = "SynchronouslyDurable";
    public const string Reconciled = "Reconciled";
    public const string Archiving = "Archiving";

    public static List<InstanceCondition> Compute(Instance instance, InstanceObservedState observed, string healthReasonCode, DateTimeOffset now)
    {
        var previous = observed.Conditions.ToDictionary(c => c.Type, StringComparer.Ordinal);
        var ha = instance.Spec.HighAvailability;
        var replicas = observed.Members.Where(m => m.Role == "replica").ToList();
        var streaming = replicas.Count(m => m.State is "running" or "streaming");

        InstanceCondition[] next =
        [
            instance.Status != InstanceStatus.Available
                ? Make(Ready, false, Capitalise(instance.Status.ToString()), instance.StatusReason)
                : instance.Health switch
                {
                    InstanceHealthStates.Healthy or InstanceHealthStates.Degraded => Make(Ready, true, "Available", "The instance serves its newest spec."),
                    // Provisioned but not yet probed: neither ready nor known not to be.
                    InstanceHealthStates.Unknown or "" => Make(Ready, null, "NoHealthReport", "The instance runs its newest spec; no member health has been reported yet."),
                    _ => Make(Ready, false, Capitalise(instance.Health), instance.HealthReason),
                },
            instance.Health == InstanceHealthStates.Unavailable
                ? Make(Writable, false, string.IsNullOrEmpty(healthReasonCode) ? "NoLeader" : healthReasonCode, instance.HealthReason)
                : observed.CurrentPrimary is null
                    ? Make(Writable, null, "NoReport", "No primary has been reported yet.")
                    : Make(Writable, true, "PrimaryRunning", $"{observed.CurrentPrimary} accepts writes."),
            !ha.Enabled
                ? Make(Replicating, false, "HighAvailabilityDisabled", "The instance has no replicas.")
                : observed.Members.Count == 0
                    ? Make(Replicating, null, "NoReport", "No member health has been reported yet.")
                    : streaming >= ha.Replicas
                        ? Make(Replicating, true, "AllReplicasStreaming", $"{streaming} of {ha.Replicas} replicas stream from the primary.")
                        : Make(Replicating, false, "ReplicaDown", $"{streaming} of {ha.Replicas} replicas stream from the primary."),
            !ha.Synchronous
                ? Make(SynchronouslyDurable, false, ha.Enabled ? "AsynchronousReplication" : "HighAvailabilityDisabled",
                    ha.Enabled ? "Commits are confirmed by the primary alone." : "Commits are confirmed by the single member alone.")
                : observed.SynchronouslyDurable switch
                {
                    true => Make(SynchronouslyDurable, true, "SynchronousStandby", "Every commit is confirmed by a synchronous standby."),
                    false => Make(SynchronouslyDurable, false, "NoSynchronousStandby",
                        ha.Strict ? "No standby can confirm: writes wait until one can (dataDurability required)." : "No standby can confirm: commits are confirmed by the primary alone."),
                    null => Make(SynchronouslyDurable, null, "NoReport", "No member health has been reported yet."),
                },
            observed.Reconcile is { } trouble
                ? Make(Reconciled, false, trouble.Reason, $"Failing since {trouble.Since:u} ({trouble.Failures} attempts in a row): {trouble.Message}")
                : instance.Status == InstanceStatus.Failed
                    ? Make(Reconciled, false, "Failed", instance.StatusReason)
                    : instance.ObservedGeneration >= instance.Generation || instance.Status == InstanceStatus.Deleted
                        ? Make(Reconciled, true, "UpToDate", $"The worker applied generation {instance.ObservedGeneration}.")
                        : Make(Reconciled, null, "InProgress", $"The worker is applying generation {instance.Generation}."),
            observed.Archiving is { } archiving
                ? Make(Archiving, archiving.Healthy, archiving.Reason, archiving.Message)
                : Make(Archiving, null, "NoReport", "No archiving report yet."),
        ];
        return [.. next];

        InstanceCondition Make(string type, bool? status, string reason, string message)
        {
            var text = status switch { true => "True", false => "False", null => "Unknown" };
            var since = previous.TryGetValue(type, out var old) && old.Status == text ? old.LastTransitionTime : now;
            return new InstanceCondition(type, text, reason, message, since);
        }
    }

    private static string Capitalise(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..];
}
