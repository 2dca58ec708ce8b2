namespace ControlPlane.Contracts.Events;

/// <summary>v1. Patroni refused or could not carry out a requested switchover.</summary>
public sealed record SwitchoverFailed(
    Guid InstanceId,
    Guid OperationId,
    long ObservedGeneration,
    long Sequence,
    DateTimeOffset OccurredAt,
    string Reason) : IInstanceEvent;
