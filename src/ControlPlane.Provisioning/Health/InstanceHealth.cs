using ControlPlane.Contracts.Events;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// The verdict on one observation. <see cref="Reason"/> is what goes into <see cref="InstanceHealthReported.Reason"/>:
/// "Code: message", so the API can split it into a condition's reason and message without another contract field.
/// </summary>
public sealed record InstanceHealth(
    string State,
    string ReasonCode,
    string Message,
    string? PrimaryMember,
    bool SynchronouslyDurable,
    IReadOnlyList<MemberHealth> Members)
{
    public string Reason => $"{ReasonCode}: {Message}";
}
