namespace ControlPlane.Contracts.Events;

/// <summary>
/// Every event from a worker carries the generation it observed and a per-instance sequence number.
/// The control plane applies only events newer than the last it recorded and ignores the rest:
/// that, not broker ordering, keeps the record right.
/// </summary>
public interface IInstanceEvent
{
    Guid InstanceId { get; }

    long ObservedGeneration { get; }

    long Sequence { get; }

    DateTimeOffset OccurredAt { get; }
}
