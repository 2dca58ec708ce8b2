using System.Text.Json.Serialization;

namespace ControlPlane.Provisioning.Patroni;

/// <summary>WAL positions in bytes: <see cref="Location"/> on the primary, received/replayed on a replica.</summary>
public sealed record PatroniXlog(
    [property: JsonConverter(typeof(LenientInt64Converter))] long? Location,
    [property: JsonConverter(typeof(LenientInt64Converter))] long? ReceivedLocation,
    [property: JsonConverter(typeof(LenientInt64Converter))] long? ReplayedLocation,
    bool? Paused);
