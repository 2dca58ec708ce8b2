namespace ControlPlane.Provisioning.Drivers;

/// <summary>Patroni's answer to a switchover. <see cref="Rejected"/> carries its reason, e.g. "candidate is not the sync standby".</summary>
public sealed record SwitchoverOutcome(bool Succeeded, string Message, bool Transient = false)
{
    public bool Rejected => !Succeeded && !Transient;
}
