namespace ControlPlane.Contracts.Events;

/// <summary>v1. Everything the instance ran on has been removed.</summary>
public sealed record InstanceDeleted(
    Guid InstanceId,
    Guid? OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt) : IInstanceEvent;
