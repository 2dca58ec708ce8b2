namespace ControlPlane.Domain.Instances;

/// <summary>
/// Only meaningful in synchronous mode. Preferred: with no replica to confirm, writes go on unconfirmed
/// (degraded durability is reported). Required: writes wait for a replica (Patroni's synchronous_mode_strict).
/// </summary>
public enum DataDurability
{
    Preferred,
    Required,
}
