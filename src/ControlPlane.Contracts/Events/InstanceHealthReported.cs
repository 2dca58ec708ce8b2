namespace ControlPlane.Contracts.Events;

/// <summary>
/// v1. Published when an instance's health changes, plus a periodic heartbeat; never on every observation.
/// <see cref="Health"/> is one of healthy, degraded, unavailable, unknown.
/// </summary>
public sealed record InstanceHealthReported(
    Guid InstanceId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Health,
    string Reason,
    string? PrimaryMember,
    bool SynchronouslyDurable,
    IReadOnlyList<MemberHealth> Members) : IInstanceEvent;
