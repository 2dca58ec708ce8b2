using ControlPlane.Contracts.Events;

namespace ControlPlane.Provisioning.Health;

/// <summary>
/// One member as one source saw it. <see cref="Reachable"/> false means its own endpoint refused or timed out
/// (Patroni's /cluster keeps listing a dead leader until its TTL expires, so this is the faster signal).
/// <see cref="DiedAt"/> is when the member's process last ended, where the driver knows it (a container's terminated
/// timestamp on Kubernetes): the precise start of an outage, between the last poll that saw it serve and the first that missed it.
/// </summary>
public sealed record MemberObservation(
    string Member,
    string Host,
    int Port,
    MemberRole Role,
    string State,
    bool Reachable,
    bool Ready,
    long? LagBytes,
    int? Timeline,
    bool Synchronous,
    DateTimeOffset? DiedAt = null);
