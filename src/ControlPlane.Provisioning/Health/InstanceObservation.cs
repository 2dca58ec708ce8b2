namespace ControlPlane.Provisioning.Health;

/// <summary>
/// A snapshot of an instance's members from one source ("patroni" polling, or the Kubernetes "pod-watch").
/// <see cref="Complete"/> false means the source saw only part of the picture (e.g. a single pod event).
/// </summary>
public sealed record InstanceObservation(
    Guid InstanceId,
    string Source,
    DateTimeOffset ObservedAt,
    IReadOnlyList<MemberObservation> Members,
    bool Complete = true);
