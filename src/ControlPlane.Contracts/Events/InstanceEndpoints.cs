namespace ControlPlane.Contracts.Events;

/// <summary>Where clients connect: the primary (read-write) and, with HA, the read-only endpoint.</summary>
public sealed record InstanceEndpoints(string PrimaryHost, int PrimaryPort, string? ReadOnlyHost, int? ReadOnlyPort);
