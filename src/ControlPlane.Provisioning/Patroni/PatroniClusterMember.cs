using System.Text.Json.Serialization;

namespace ControlPlane.Provisioning.Patroni;

/// <summary>
/// One entry of /cluster. <see cref="Role"/> is leader, replica, sync_standby or standby_leader; <see cref="State"/>
/// is running (Patroni 3), streaming (Patroni 4), stopped... <see cref="Lag"/> is bytes, or null when absent
/// (the leader) or "unknown" (a stopped member).
/// </summary>
public sealed record PatroniClusterMember(
    string? Name,
    string? Role,
    string? State,
    string? ApiUrl,
    string? Host,
    [property: JsonConverter(typeof(LenientInt32Converter))] int? Port,
    [property: JsonConverter(typeof(LenientInt32Converter))] int? Timeline,
    [property: JsonConverter(typeof(LenientInt64Converter))] long? Lag,
    bool? PendingRestart = null);
