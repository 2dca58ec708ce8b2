using ControlPlane.Domain;
using ControlPlane.Contracts.Events;
using ControlPlane.Domain.Backups;
using ControlPlane.Domain.Instances;
using ControlPlane.Domain.Operations;
using ControlPlane.Persistence.Entities;

namespace ControlPlane.Api.Infrastructure;

/// <summary>
/// The closed sets of words the API accepts and answers, as the OpenAPI document lists them (enums) and as the list
/// filters parse them. Every set is read from where the code defines it (enums from
/// <see cref="EnumWords"/>).
/// </summary>
public static class ContractWords
{
    public static IReadOnlyList<string> ReplicationModes { get; } = WordsOf<ReplicationMode>();

    public static IReadOnlyList<string> Durabilities { get; } = WordsOf<DataDurability>();

    public static IReadOnlyList<string> InstanceStatuses { get; } = WordsOf<InstanceStatus>();

    public static IReadOnlyList<string> OperationTypes { get; } = WordsOf<OperationType>();

    public static IReadOnlyList<string> OperationStatuses { get; } = WordsOf<OperationStatus>();

    public static IReadOnlyList<string> BackupKinds { get; } = WordsOf<BackupKind>();

    public static IReadOnlyList<string> BackupStatuses { get; } = WordsOf<BackupStatus>();

    public static IReadOnlyList<string> KeyRoles { get; } = WordsOf<ApiKeyRole>();

    public static IReadOnlyList<string> Health { get; } =
        [InstanceHealthStates.Healthy, InstanceHealthStates.Degraded, InstanceHealthStates.Unavailable, InstanceHealthStates.Unknown];

    public static IReadOnlyList<string> MemberRoles { get; } = [.. Enum.GetValues<MemberRole>().Select(Contracts.Events.MemberRoles.ToApi)];

    public static IReadOnlyList<string> ConditionTypes { get; } =
        [InstanceConditions.Ready, InstanceConditions.Writable, InstanceConditions.Replicating, InstanceConditions.SynchronouslyDurable, InstanceConditions.Reconciled, InstanceConditions.Archiving];

    /// <summary>As in Kubernetes.</summary>
    public static IReadOnlyList<string> ConditionStatuses { get; } = ["True", "False", "Unknown"];

    /// <summary>The recording consumers and the deadline sweeper write these; the leader changes name theirs in the contract.</summary>
    public static IReadOnlyList<string> EventTypes { get; } =
        ["lifecycle", "health", "drift", "reconcile", LeaderChanged.Failover, LeaderChanged.Switchover, LeaderChanged.Restart, "switchover-failed",
         Recording.BackupEventsConsumer.CompletedEvent, Recording.BackupEventsConsumer.FailedEvent,
         Recording.ArchivingReportedConsumer.BrokenEvent, Recording.ArchivingReportedConsumer.RestoredEvent];

    /// <summary>The enum value a word names, for the list filters; false for a word outside the set.</summary>
    public static bool TryParse<TEnum>(string word, out TEnum value)
        where TEnum : struct, Enum => EnumWords.TryParse(word, out value);

    private static IReadOnlyList<string> WordsOf<TEnum>()
        where TEnum : struct, Enum => EnumWords.All<TEnum>();
}
