namespace ControlPlane.Provisioning.Consumers;

/// <summary>Patroni could not be asked right now (unreachable, no leader yet); the message is retried.</summary>
public sealed class SwitchoverUnavailableException(string message) : Exception(message);
