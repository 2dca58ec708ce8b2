namespace ControlPlane.Contracts.Events;

/// <summary>v1. A step of an operation finished, e.g. "StatefulSet created, waiting for 3 members".</summary>
public sealed record InstanceProgressed(
    Guid InstanceId,
    Guid? OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Step,
    string Message) : IInstanceEvent;
