using ControlPlane.Api.Audit;
using ControlPlane.Api.Backups;
using ControlPlane.Api.Instances;
using ControlPlane.Api.Operations;
using ControlPlane.Api.Organizations;

namespace ControlPlane.Api.Infrastructure.OpenApi;

/// <summary>Which string fields of the API's records take a closed set of words, and which set.</summary>
public static class SchemaWords
{
    private static readonly Dictionary<Type, (string Property, IReadOnlyList<string> Words)[]> Fields = new()
    {
        [typeof(HighAvailabilityRequest)] = [("replicationMode", ContractWords.ReplicationModes), ("dataDurability", ContractWords.Durabilities)],
        [typeof(HighAvailabilityResponse)] = [("replicationMode", ContractWords.ReplicationModes), ("dataDurability", ContractWords.Durabilities)],
        [typeof(InstanceResponse)] = [("status", ContractWords.InstanceStatuses), ("health", ContractWords.Health)],
        [typeof(HealthResponse)] = [("health", ContractWords.Health)],
        [typeof(MemberResponse)] = [("role", ContractWords.MemberRoles)],
        [typeof(ConditionResponse)] = [("type", ContractWords.ConditionTypes), ("status", ContractWords.ConditionStatuses)],
        [typeof(EventResponse)] = [("type", ContractWords.EventTypes)],
        [typeof(OperationResponse)] = [("type", ContractWords.OperationTypes), ("status", ContractWords.OperationStatuses)],
        [typeof(ApiKeyResponse)] = [("role", ContractWords.KeyRoles)],
        [typeof(ApiKeyCreatedResponse)] = [("role", ContractWords.KeyRoles)],
        [typeof(AuditEntryResponse)] = [("actorRole", ContractWords.KeyRoles)],
        [typeof(BackupRequest)] = [("kind", ContractWords.BackupKinds)],
        [typeof(BackupResponse)] = [("kind", ContractWords.BackupKinds), ("status", ContractWords.BackupStatuses)],
    };

    public static IEnumerable<(string Property, IReadOnlyList<string> Words)> For(Type type) => Fields.GetValueOrDefault(type) ?? [];
}
