namespace ControlPlane.Contracts.Events;

/// <summary>v1. An operation failed for good; <see cref="Reason"/> is written for the customer to read.</summary>
public sealed record InstanceFailed(
    Guid InstanceId,
    Guid? OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Reason,
    string Message) : IInstanceEvent;
