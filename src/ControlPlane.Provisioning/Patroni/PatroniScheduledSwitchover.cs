namespace ControlPlane.Provisioning.Patroni;

public sealed record PatroniScheduledSwitchover(string? At, string? From, string? To);
