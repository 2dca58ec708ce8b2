namespace ControlPlane.Provisioning.Patroni;

public sealed record PatroniVersionInfo(string? Version, string? Scope);
