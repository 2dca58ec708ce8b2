using System.Text.Json.Serialization;

namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// GET /patroni on one member: its own view. <see cref="Role"/> is master (Patroni 3), primary (Patroni 4),
/// replica or standby_leader; <see cref="SyncStandby"/> is present (true) only on the synchronous standby.
/// </summary>
public sealed record PatroniMemberStatus(
    string? State,
    string? Role,
    [property: JsonConverter(typeof(LenientInt32Converter))] int? Timeline,
    [property: JsonConverter(typeof(LenientInt32Converter))] int? ServerVersion,
    PatroniXlog? Xlog,
    IReadOnlyList<PatroniReplicationConnection>? Replication,
    bool? SyncStandby,
    bool? QuorumStandby,
    bool? Pause,
    PatroniVersionInfo? Patroni);
