namespace ControlPlane.Contracts.Events;

/// <summary>v1. A pass over the instance succeeded again after an <see cref="InstanceReconcileFailing"/>.</summary>
public sealed record InstanceReconcileRecovered(
    Guid InstanceId,
    Guid? OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    DateTimeOffset FailingSince) : IInstanceEvent;
